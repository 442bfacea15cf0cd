import {
  dailySeries,
  emptyGroup,
  headlines,
  KPI_NAMES,
  periodRange,
  reasonBars,
} from './kpi-model';
import type { KpiGroup } from './types';

const day = (key: string, extra: Partial<KpiGroup> = {}): KpiGroup => ({
  ...emptyGroup(),
  key,
  conversations: 4,
  ...extra,
});

describe('the KPI period', () => {
  const now = new Date('2026-12-01T23:30:00+08:00'); // 15:30 UTC on the 1st
  it.each([
    ['today', '2026-12-01', '2026-12-01'],
    ['7d', '2026-11-25', '2026-12-01'],
    ['30d', '2026-11-02', '2026-12-01'],
  ] as const)('%s runs from %s to %s in UTC days', (period, from, to) => {
    expect(periodRange(period, now)).toEqual({ from, to });
  });
});

describe('the headline figures', () => {
  it('names every figure once, in the order shown', () => {
    expect(headlines(undefined).map((figure) => figure.name)).toEqual([...KPI_NAMES]);
  });

  it('reads each from its place in the API answer', () => {
    const group: KpiGroup = {
      ...emptyGroup(),
      conversations: 10,
      botContainment: { contained: 7, rate: 0.7 },
      escalations: { count: 3, rate: 0.3, byReason: [] },
      waitSeconds: { count: 3, mean: 20, p50: 12.5, p90: 40 },
      firstReplySeconds: { count: 2, mean: 30.5, p90: 50 },
      handleSeconds: { count: 2, mean: 300 },
      csat: { count: 2, average: 4.5, satisfiedShare: 1 },
      nps: { count: 2, promoters: 1, detractors: 0, score: 50 },
      sla: { judged: 3, met: 2, rate: 0.6667 },
      abandonment: { queued: 3, abandoned: 1, rate: 0.3333 },
    };
    const values = Object.fromEntries(headlines(group).map((h) => [h.name, h.value]));
    expect(values).toEqual({
      conversations: 10,
      containment: 0.7,
      escalationRate: 0.3,
      waitP50: 12.5,
      firstReplyMean: 30.5,
      handleTime: 300,
      csat: 4.5,
      nps: 50,
      sla: 0.6667,
      abandonment: 0.3333,
    });
  });

  it('shows no conversations as 0 and every rate as unknown', () => {
    const values = headlines(undefined).map((h) => h.value);
    expect(values).toEqual([0, null, null, null, null, null, null, null, null, null]);
  });
});

describe('the daily series', () => {
  it('has one value per day, null on days the API left out', () => {
    const { days, series } = dailySeries(
      [
        day('2026-11-29', { botContainment: { contained: 2, rate: 0.5 } }),
        day('2026-12-01', { botContainment: { contained: 4, rate: 1 } }),
      ],
      '2026-11-29',
      '2026-12-01',
      { containment: (g) => g.botContainment.rate, conversations: (g) => g.conversations },
    );
    expect(days).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(series).toEqual([
      { id: 'containment', values: [0.5, null, 1] },
      { id: 'conversations', values: [4, null, 4] },
    ]);
  });

  it('lists escalation reasons with a count, most frequent first', () => {
    const group = day('x', {
      escalations: {
        count: 3,
        rate: 0.75,
        byReason: [
          { reason: 'EXPLICIT_REQUEST', count: 2, rate: 0.5 },
          { reason: 'LOOPING', count: 1, rate: 0.25 },
          { reason: 'VIP', count: 0, rate: 0 },
        ],
      },
    });
    expect(reasonBars(group)).toEqual([
      { reason: 'EXPLICIT_REQUEST', count: 2 },
      { reason: 'LOOPING', count: 1 },
    ]);
    expect(reasonBars(undefined)).toEqual([]);
  });
});
