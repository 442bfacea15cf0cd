import type { EscalationReasonCode } from '@tandem/contracts';
import type { KpiGroup } from './kpi.schemas';

/** One group's counts and sums as SQL aggregates them over the fact rows (docs/desk/kpis.md). */
export interface KpiCounts {
  key: string | null;
  conversations: number;
  contained: number;
  escalated: number;
  waitCount: number;
  waitMean: number | null;
  waitP50: number | null;
  waitP90: number | null;
  firstReplyCount: number;
  firstReplyMean: number | null;
  firstReplyP90: number | null;
  handleCount: number;
  handleMean: number | null;
  resolved: number;
  firstContact: number;
  csatCount: number;
  csatMean: number | null;
  csatSatisfied: number;
  npsCount: number;
  promoters: number;
  detractors: number;
  slaJudged: number;
  slaMet: number;
  queued: number;
  abandoned: number;
  transfers: number;
}

export interface ReasonCount {
  reason: EscalationReasonCode;
  count: number;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A share 0..1 to 4 decimals; null when there is nothing to share (denominator 0). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}

/** Seconds to one decimal; null stays null (nothing measured). */
export function secondsOf(value: number | null): number | null {
  return value === null ? null : round(value, 1);
}

/** Net Promoter Score: (promoters − detractors) / answers × 100, one decimal; null without answers. */
export function netPromoterScore(
  promoters: number,
  detractors: number,
  answers: number,
): number | null {
  return answers > 0 ? round(((promoters - detractors) / answers) * 100, 1) : null;
}

/** Pure: a group's figures from its counts (rates, rounding); reasons most frequent first. */
export function toKpiGroup(counts: KpiCounts, reasons: readonly ReasonCount[]): KpiGroup {
  const c = counts;
  return {
    key: c.key,
    conversations: c.conversations,
    botContainment: { contained: c.contained, rate: ratio(c.contained, c.conversations) },
    escalations: {
      count: c.escalated,
      rate: ratio(c.escalated, c.conversations),
      byReason: [...reasons]
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
        .map(({ reason, count }) => ({ reason, count, rate: ratio(count, c.conversations) })),
    },
    waitSeconds: {
      count: c.waitCount,
      mean: secondsOf(c.waitMean),
      p50: secondsOf(c.waitP50),
      p90: secondsOf(c.waitP90),
    },
    firstReplySeconds: {
      count: c.firstReplyCount,
      mean: secondsOf(c.firstReplyMean),
      p90: secondsOf(c.firstReplyP90),
    },
    handleSeconds: { count: c.handleCount, mean: secondsOf(c.handleMean) },
    firstContactResolution: {
      resolved: c.resolved,
      firstContact: c.firstContact,
      rate: ratio(c.firstContact, c.resolved),
    },
    csat: {
      count: c.csatCount,
      average: c.csatMean === null ? null : round(c.csatMean, 2),
      satisfiedShare: ratio(c.csatSatisfied, c.csatCount),
    },
    nps: {
      count: c.npsCount,
      promoters: c.promoters,
      detractors: c.detractors,
      score: netPromoterScore(c.promoters, c.detractors, c.npsCount),
    },
    sla: { judged: c.slaJudged, met: c.slaMet, rate: ratio(c.slaMet, c.slaJudged) },
    abandonment: { queued: c.queued, abandoned: c.abandoned, rate: ratio(c.abandoned, c.queued) },
    transfers: c.transfers,
  };
}

/** Pure: the number of UTC days from `from` to `to`, both included (0 or less: `to` before `from`). */
export function daysIn(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}
