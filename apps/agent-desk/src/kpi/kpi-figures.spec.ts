import {
  daysIn,
  netPromoterScore,
  ratio,
  secondsOf,
  toKpiGroup,
  type KpiCounts,
} from './kpi-figures';

describe('ratio', () => {
  it.each<[string, number, number, number | null]>([
    ['nothing to share → null, not 0', 0, 0, null],
    ['none of four → 0', 0, 4, 0],
    ['one of three → 4 decimals', 1, 3, 0.3333],
    ['two of three → rounded half up', 2, 3, 0.6667],
    ['all → 1', 5, 5, 1],
  ])('%s', (_case, numerator, denominator, expected) => {
    expect(ratio(numerator, denominator)).toBe(expected);
  });
});

describe('netPromoterScore', () => {
  it.each<[string, number, number, number, number | null]>([
    ['no answers → null', 0, 0, 0, null],
    ['all promoters → 100', 3, 0, 3, 100],
    ['all detractors → -100', 0, 2, 2, -100],
    ['1 promoter, 1 passive, 1 detractor → 0', 1, 1, 3, 0],
    ['2 promoters, 1 detractor of 3 → 33.3', 2, 1, 3, 33.3],
    ['1 promoter of 1 passive and 1 → 50', 1, 0, 2, 50],
  ])('%s', (_case, promoters, detractors, answers, expected) => {
    expect(netPromoterScore(promoters, detractors, answers)).toBe(expected);
  });
});

describe('secondsOf and daysIn', () => {
  it.each<[number | null, number | null]>([
    [null, null],
    [12.345, 12.3],
    [59.96, 60],
  ])('secondsOf(%p) → %p', (value, expected) => expect(secondsOf(value)).toBe(expected));

  it.each<[string, string, number]>([
    ['2026-12-01', '2026-12-01', 1],
    ['2026-12-01', '2026-12-31', 31],
    ['2026-12-02', '2026-12-01', 0],
    ['2024-02-28', '2024-03-01', 3],
  ])('daysIn(%s, %s) → %d', (from, to, expected) => expect(daysIn(from, to)).toBe(expected));
});

describe('toKpiGroup', () => {
  const empty: KpiCounts = {
    key: null,
    conversations: 0,
    contained: 0,
    escalated: 0,
    waitCount: 0,
    waitMean: null,
    waitP50: null,
    waitP90: null,
    firstReplyCount: 0,
    firstReplyMean: null,
    firstReplyP90: null,
    handleCount: 0,
    handleMean: null,
    resolved: 0,
    firstContact: 0,
    csatCount: 0,
    csatMean: null,
    csatSatisfied: 0,
    npsCount: 0,
    promoters: 0,
    detractors: 0,
    slaJudged: 0,
    slaMet: 0,
    queued: 0,
    abandoned: 0,
    transfers: 0,
  };

  it('a group with nothing measured has null rates and means, never 0 or NaN', () => {
    const group = toKpiGroup(empty, []);
    expect(group.botContainment.rate).toBeNull();
    expect(group.waitSeconds).toEqual({ count: 0, mean: null, p50: null, p90: null });
    expect(group.csat).toEqual({ count: 0, average: null, satisfiedShare: null });
    expect(group.nps.score).toBeNull();
    expect(group.sla.rate).toBeNull();
    expect(group.abandonment.rate).toBeNull();
  });

  it('4 conversations, 1 contained, 3 escalated: rates over conversations, reasons most frequent first', () => {
    const group = toKpiGroup(
      {
        ...empty,
        key: '2026-12-01',
        conversations: 4,
        contained: 1,
        escalated: 3,
        csatCount: 3,
        csatMean: 11 / 3,
        csatSatisfied: 2,
        slaJudged: 3,
        slaMet: 2,
        queued: 3,
        abandoned: 1,
      },
      [
        { reason: 'NEGATIVE_SENTIMENT', count: 1 },
        { reason: 'EXPLICIT_REQUEST', count: 2 },
        { reason: 'BOT_DEFERRED', count: 1 },
      ],
    );
    expect(group.botContainment).toEqual({ contained: 1, rate: 0.25 });
    expect(group.escalations).toEqual({
      count: 3,
      rate: 0.75,
      byReason: [
        { reason: 'EXPLICIT_REQUEST', count: 2, rate: 0.5 },
        { reason: 'BOT_DEFERRED', count: 1, rate: 0.25 },
        { reason: 'NEGATIVE_SENTIMENT', count: 1, rate: 0.25 },
      ],
    });
    expect(group.csat).toEqual({ count: 3, average: 3.67, satisfiedShare: 0.6667 });
    expect(group.sla).toEqual({ judged: 3, met: 2, rate: 0.6667 });
    expect(group.abandonment).toEqual({ queued: 3, abandoned: 1, rate: 0.3333 });
  });
});
