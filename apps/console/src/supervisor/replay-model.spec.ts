import { changedCount, isMoving, reasonComparison, replayRequest } from './replay-model';
import type { ReplayReport } from './types';

const report = (
  actual: Record<string, number>,
  candidate: Record<string, number>,
): ReplayReport => ({
  conversations: 10,
  events: 40,
  actual: { escalated: 3, rate: 0.3, reasons: actual },
  candidate: { escalated: 4, rate: 0.4, reasons: candidate },
  timing: { both: 3, earlier: 1, same: 2, meanTurnsEarlier: 0.3, medianTurnsEarlier: 0 },
  changed: { newlyEscalated: 2, notEscalated: 1, examples: [] },
  policyVersion: 0,
  recordsRead: 40,
  durationMs: 12,
});

describe('a replay request', () => {
  it.each([
    [{ kind: 'current' } as const, {}],
    [{ kind: 'version', version: 3 } as const, { version: 3 }],
    [
      { kind: 'draft', text: ' {"turns": {"max": 5}} ' } as const,
      { policy: { turns: { max: 5 } } },
    ],
    [{ kind: 'draft', text: '' } as const, { policy: {} }],
  ])('asks for %j with %j', (choice, body) => {
    expect(replayRequest(choice)).toEqual({ ok: true, body });
  });

  it('refuses a draft that is not a JSON object', () => {
    expect(replayRequest({ kind: 'draft', text: '{"turns":' }).ok).toBe(false);
    expect(replayRequest({ kind: 'draft', text: '[1]' })).toEqual({
      ok: false,
      message: 'not an object',
    });
  });
});

describe('a replay report', () => {
  it('counts changed decisions both ways', () => {
    expect(changedCount(report({}, {}))).toBe(3);
  });

  it('compares reasons, the biggest change first', () => {
    expect(
      reasonComparison(
        report({ EXPLICIT_REQUEST: 3, LOOPING: 1 }, { EXPLICIT_REQUEST: 3, TOO_MANY_TURNS: 2 }),
      ),
    ).toEqual([
      { reason: 'TOO_MANY_TURNS', actual: 0, candidate: 2 },
      { reason: 'LOOPING', actual: 1, candidate: 0 },
      { reason: 'EXPLICIT_REQUEST', actual: 3, candidate: 3 },
    ]);
  });

  it('polls while queued or running', () => {
    expect([isMoving('queued'), isMoving('running'), isMoving('done'), isMoving('failed')]).toEqual(
      [true, true, false, false],
    );
  });
});
