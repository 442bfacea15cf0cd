import { reopens, reopenUntil } from './reopen-window';

const resolvedAt = new Date('2026-12-01T10:00:00.000Z');
const plus = (seconds: number) => new Date(resolvedAt.getTime() + seconds * 1_000);

describe('the reopen window', () => {
  it.each([
    ['a day', 86_400, plus(86_400)],
    ['ten minutes', 600, plus(600)],
    ['0 turns reopening off', 0, null],
  ])('a window of %s ends at resolution + the window', (_case, windowSeconds, expected) => {
    expect(reopenUntil(resolvedAt, windowSeconds)).toEqual(expected);
  });

  it.each([
    ['resolved, customer writes within the window → reopen', 'resolved', plus(600), plus(10), true],
    [
      'resolved, customer writes at the last second → reopen',
      'resolved',
      plus(600),
      plus(600),
      true,
    ],
    [
      'resolved, customer writes after the window → the bot has it',
      'resolved',
      plus(600),
      plus(601),
      false,
    ],
    ['resolved with reopening off → the bot has it', 'resolved', null, plus(1), false],
    ['still assigned → nothing to reopen', 'assigned', plus(600), plus(10), false],
    ['abandoned (nobody resolved it) → the bot has it', 'abandoned', null, plus(10), false],
  ])('%s', (_case, status, until, messageAt, expected) => {
    expect(reopens({ status, reopenUntil: until }, messageAt)).toBe(expected);
  });

  it('a conversation the desk never had is not reopened', () => {
    expect(reopens(null, plus(1))).toBe(false);
  });
});
