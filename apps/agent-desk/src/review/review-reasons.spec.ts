import {
  isPoorCsat,
  isSampled,
  reasonsAfterPoorCsat,
  reasonsAfterRating,
  reasonsForAnswer,
  sampleDraw,
} from './review-reasons';

const defaults = { sampleRate: 0.05, lowConfidenceBelow: 0.6 };
// Reply ids whose draw is known (sha256 of the id, first 4 bytes / 2^32).
const DRAWN_LOW = 'reply-15'; // draw ≈ 0.009
const DRAWN_HIGH = 'reply-0'; // draw ≈ 0.58

describe('review reasons', () => {
  it('the draw is a fixed number in [0, 1) for each reply id', () => {
    for (const id of ['a', 'reply-1', '00000000-0000-4000-8000-000000000001']) {
      const draw = sampleDraw(id);
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
      expect(sampleDraw(id)).toBe(draw);
    }
    expect(sampleDraw(DRAWN_LOW)).toBeLessThan(0.05);
    expect(sampleDraw(DRAWN_HIGH)).toBeGreaterThan(0.5);
  });

  it('samples close to the rate over many replies', () => {
    const sampled = Array.from({ length: 20_000 }, (_, i) => `reply-${i}`).filter((id) =>
      isSampled(id, 0.05),
    ).length;
    expect(sampled / 20_000).toBeGreaterThan(0.045);
    expect(sampled / 20_000).toBeLessThan(0.055);
  });

  it.each([
    ['a confident answer that is not drawn: remembered, not queued', DRAWN_HIGH, 0.9, defaults, []],
    [
      'confidence below the threshold: low confidence',
      DRAWN_HIGH,
      0.59,
      defaults,
      ['LOW_CONFIDENCE'],
    ],
    ['confidence exactly at the threshold: not low', DRAWN_HIGH, 0.6, defaults, []],
    ['a confident answer drawn by the sample: sampled', DRAWN_LOW, 0.95, defaults, ['SAMPLED']],
    ['low and drawn: both reasons', DRAWN_LOW, 0.3, defaults, ['LOW_CONFIDENCE', 'SAMPLED']],
    ['a sample rate of 0 samples nothing', DRAWN_LOW, 0.95, { ...defaults, sampleRate: 0 }, []],
    [
      'a sample rate of 1 samples every answer',
      DRAWN_HIGH,
      0.95,
      { ...defaults, sampleRate: 1 },
      ['SAMPLED'],
    ],
    [
      'a threshold of 0 never calls an answer low',
      DRAWN_HIGH,
      0,
      { ...defaults, lowConfidenceBelow: 0 },
      [],
    ],
  ])('%s', (_case, replyId, confidence, review, expected) => {
    expect(reasonsForAnswer({ replyId, confidence }, review)).toEqual(expected);
  });

  it.each([
    ['not helpful queues an answer that had no reason', [], 'not_helpful', ['RATED_POORLY']],
    [
      'not helpful extends the reasons, in their listed order',
      ['SAMPLED', 'POOR_CSAT'],
      'not_helpful',
      ['SAMPLED', 'RATED_POORLY', 'POOR_CSAT'],
    ],
    ['rated not helpful twice: one reason', ['RATED_POORLY'], 'not_helpful', ['RATED_POORLY']],
    [
      'a later helpful takes the poor rating back',
      ['LOW_CONFIDENCE', 'RATED_POORLY'],
      'helpful',
      ['LOW_CONFIDENCE'],
    ],
    ['helpful on an answer nobody flagged: still nothing', [], 'helpful', []],
  ] as const)('%s', (_case, reasons, rating, expected) => {
    expect(reasonsAfterRating(reasons, rating)).toEqual(expected);
  });

  it.each([
    ['CSAT 1: poor', 'csat', 1, true],
    ['CSAT 2: poor', 'csat', 2, true],
    ['CSAT 3: not poor', 'csat', 3, false],
    ['NPS 0 is about the company, not this conversation: never flags', 'nps', 0, false],
  ] as const)('%s', (_case, kind, score, poor) => {
    expect(isPoorCsat({ kind, score })).toBe(poor);
  });

  it('a poor CSAT adds its reason once', () => {
    expect(reasonsAfterPoorCsat(['RATED_POORLY'])).toEqual(['RATED_POORLY', 'POOR_CSAT']);
    expect(reasonsAfterPoorCsat(['POOR_CSAT'])).toEqual(['POOR_CSAT']);
  });
});
