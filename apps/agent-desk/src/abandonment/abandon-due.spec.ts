import { abandonDue, waitedSeconds } from './abandon-due';

const now = new Date('2026-12-01T10:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1_000);

describe('abandoning a conversation nobody took', () => {
  it.each([
    ['queued longer than the limit → abandoned', 'queued', ago(3_601), true],
    ['queued exactly the limit → abandoned', 'queued', ago(3_600), true],
    ['offered (an agent has not answered) past the limit → abandoned', 'offered', ago(4_000), true],
    ['queued for less → still waiting', 'queued', ago(3_599), false],
    ['assigned long ago → a person has it', 'assigned', ago(90_000), false],
    ['resolved → done', 'resolved', ago(90_000), false],
  ])('%s', (_case, status, queuedAt, expected) => {
    expect(abandonDue({ status, queuedAt }, now, 3_600)).toBe(expected);
  });

  it('counts whole seconds waited, never negative', () => {
    expect(waitedSeconds(ago(90.7), now)).toBe(90);
    expect(waitedSeconds(new Date(now.getTime() + 500), now)).toBe(0);
  });
});
