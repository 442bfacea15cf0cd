import { modeForMessage } from './conversation-modes';

const resolvedAt = new Date('2026-12-01T10:00:00.000Z');
const plus = (seconds: number) => new Date(resolvedAt.getTime() + seconds * 1_000);

describe('the mode a customer message meets', () => {
  it.each([
    ['a conversation the bot never saw → bot', null, plus(0), 'bot'],
    [
      'queued → queued (waiting notices only)',
      { mode: 'queued', reopenUntil: null },
      plus(0),
      'queued',
    ],
    ['human → human (assist only)', { mode: 'human', reopenUntil: null }, plus(0), 'human'],
    [
      'resolved, within the reopen window → silent: the desk reopens it for a person',
      { mode: 'resolved', reopenUntil: plus(600) },
      plus(30),
      'resolved',
    ],
    [
      'resolved, after the window → the bot has it again',
      { mode: 'resolved', reopenUntil: plus(600) },
      plus(601),
      'bot',
    ],
    [
      'resolved without a window (reopening off, older events) → bot',
      { mode: 'resolved', reopenUntil: null },
      plus(1),
      'bot',
    ],
    ['abandoned back to the bot → bot', { mode: 'bot', reopenUntil: null }, plus(1), 'bot'],
  ] as const)('%s', (_case, row, at, expected) => {
    expect(modeForMessage(row, at)).toBe(expected);
  });
});
