// The KPI screen's pure part: the period asked for, the headline figures (named as the e2e
// test reads them, from GET /v1/kpis; definitions in docs/desk/kpis.md) and the daily series.
import { daysBetween } from './chart';
import type { KpiGroup } from './types';

export type Period = 'today' | '7d' | '30d';
export const PERIODS: Period[] = ['today', '7d', '30d'];

/** UTC days, both included (the API counts a conversation on the UTC day it started). */
export function periodRange(period: Period, now: Date): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  const days = period === 'today' ? 1 : period === '7d' ? 7 : 30;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}

export type FigureKind = 'count' | 'rate' | 'seconds' | 'score' | 'nps';

export interface Headline {
  /** The `data-kpi` name. */
  name: KpiName;
  kind: FigureKind;
  value: number | null;
  /** The figure's denominator: conversations, answers or measurements (null: itself a count). */
  basis: number | null;
}

export const KPI_NAMES = [
  'conversations',
  'containment',
  'escalationRate',
  'waitP50',
  'firstReplyMean',
  'handleTime',
  'csat',
  'nps',
  'sla',
  'abandonment',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** The headline cards of one group (groupBy=none), in the order shown. */
export function headlines(group: KpiGroup | undefined): Headline[] {
  const g = group ?? emptyGroup();
  return [
    { name: 'conversations', kind: 'count', value: g.conversations, basis: null },
    { name: 'containment', kind: 'rate', value: g.botContainment.rate, basis: g.conversations },
    { name: 'escalationRate', kind: 'rate', value: g.escalations.rate, basis: g.conversations },
    { name: 'waitP50', kind: 'seconds', value: g.waitSeconds.p50, basis: g.waitSeconds.count },
    {
      name: 'firstReplyMean',
      kind: 'seconds',
      value: g.firstReplySeconds.mean,
      basis: g.firstReplySeconds.count,
    },
    {
      name: 'handleTime',
      kind: 'seconds',
      value: g.handleSeconds.mean,
      basis: g.handleSeconds.count,
    },
    { name: 'csat', kind: 'score', value: g.csat.average, basis: g.csat.count },
    { name: 'nps', kind: 'nps', value: g.nps.score, basis: g.nps.count },
    { name: 'sla', kind: 'rate', value: g.sla.rate, basis: g.sla.judged },
    { name: 'abandonment', kind: 'rate', value: g.abandonment.rate, basis: g.abandonment.queued },
  ];
}

/** No conversations in the period: the API leaves the group out. */
export function emptyGroup(): KpiGroup {
  return {
    key: null,
    conversations: 0,
    botContainment: { contained: 0, rate: null },
    escalations: { count: 0, rate: null, byReason: [] },
    waitSeconds: { count: 0, mean: null, p50: null, p90: null },
    firstReplySeconds: { count: 0, mean: null, p90: null },
    handleSeconds: { count: 0, mean: null },
    firstContactResolution: { resolved: 0, firstContact: 0, rate: null },
    csat: { count: 0, average: null, satisfiedShare: null },
    nps: { count: 0, promoters: 0, detractors: 0, score: null },
    sla: { judged: 0, met: 0, rate: null },
    abandonment: { queued: 0, abandoned: 0, rate: null },
    transfers: 0,
  };
}

export interface Series {
  id: string;
  values: (number | null)[];
}

/**
 * One value per day of the period for each picked figure; a day without conversations (left
 * out by the API) or whose figure has no denominator is null, so the line breaks there.
 */
export function dailySeries(
  groups: KpiGroup[],
  from: string,
  to: string,
  pick: Record<string, (group: KpiGroup) => number | null>,
): { days: string[]; series: Series[] } {
  const days = daysBetween(from, to);
  const byDay = new Map(groups.map((group) => [group.key, group]));
  const series = Object.entries(pick).map(([id, read]) => ({
    id,
    values: days.map((day) => {
      const group = byDay.get(day);
      return group ? read(group) : null;
    }),
  }));
  return { days, series };
}

/** Escalations by reason, most frequent first (the API's order), zero counts left out. */
export function reasonBars(group: KpiGroup | undefined): { reason: string; count: number }[] {
  return (group?.escalations.byReason ?? [])
    .filter((entry) => entry.count > 0)
    .map(({ reason, count }) => ({ reason, count }));
}
