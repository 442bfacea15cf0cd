import { decideGrace, type GraceOutcome } from './presence-grace';

describe('decideGrace', () => {
  const now = new Date('2026-12-01T10:00:30.000Z');
  const secondsAgo = (seconds: number): Date => new Date(now.getTime() - seconds * 1_000);

  it.each<[string, string, number, number, GraceOutcome]>([
    ['online, dropped 10 s ago, grace 30 s → still waiting', 'online', 10, 30, 'wait'],
    ['online, dropped 29.999 s ago, grace 30 s → still waiting', 'online', 29.999, 30, 'wait'],
    ['online, dropped exactly 30 s ago, grace 30 s → away', 'online', 30, 30, 'away'],
    ['online, dropped 45 s ago, grace 30 s → away', 'online', 45, 30, 'away'],
    ['busy (lunch), dropped past the grace → away', 'busy', 31, 30, 'away'],
    ['grace 0 → away at once', 'online', 0, 0, 'away'],
    ['already away, past the grace → offers released, presence kept', 'away', 60, 30, 'release'],
    ['offline, past the grace → offers released, presence kept', 'offline', 60, 30, 'release'],
    ['offline, within the grace → waiting', 'offline', 5, 30, 'wait'],
  ])('%s', (_name, presence, droppedSecondsAgo, graceSeconds, expected) => {
    expect(
      decideGrace({ presence, disconnectedAt: secondsAgo(droppedSecondsAgo) }, graceSeconds, now),
    ).toBe(expected);
  });
});
