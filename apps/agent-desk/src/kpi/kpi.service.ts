import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EscalationReasonCode } from '@tandem/contracts';
import { ProblemException } from '@tandem/platform';
import { SettingsService } from '../settings/settings.service';
import { daysIn, toKpiGroup, type KpiCounts, type ReasonCount } from './kpi-figures';
import { DEFAULT_SLA_SECONDS } from './kpi.projection';
import { KPI_MAX_DAYS, type KpiQuery, type KpiResponse } from './kpi.schemas';

/** The range check shared by the KPI and usage APIs. */
export function checkRange(from: string, to: string, code: string): void {
  const days = daysIn(from, to);
  if (days < 1 || days > KPI_MAX_DAYS)
    throw new ProblemException(
      400,
      code,
      `from must not be after to, and the period at most ${KPI_MAX_DAYS} days.`,
    );
}

/** One SQL row per group: counts as text (bigint), means and percentiles as numbers or null. */
type CountsRow = {
  [K in keyof KpiCounts]: K extends 'key' ? string | null : string | number | null;
};

const seconds = (later: string, earlier: string) => `EXTRACT(EPOCH FROM (${later} - ${earlier}))`;
const WAIT = `CASE WHEN f.assigned_at IS NOT NULL THEN ${seconds('f.assigned_at', 'f.queued_at')} END`;
const FIRST_REPLY = `CASE WHEN f.first_reply_at IS NOT NULL THEN ${seconds('f.first_reply_at', 'f.queued_at')} END`;
const HANDLE = `CASE WHEN f.resolved_by_person AND f.assigned_at IS NOT NULL THEN ${seconds('f.resolved_at', 'f.assigned_at')} END`;
/** The conversation's SLA deadline: first queued + its target. */
const DEADLINE = `f.queued_at + make_interval(secs => COALESCE(f.sla_seconds, ${DEFAULT_SLA_SECONDS}))`;

/**
 * KPIs over the fact rows, aggregated in SQL (docs/desk/kpis.md defines every figure). A
 * conversation belongs to the UTC day it started; under groupBy=agent to every agent who
 * handled it.
 */
@Injectable()
export class KpiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async figures(tenantId: string, query: KpiQuery, now = new Date()): Promise<KpiResponse> {
    checkRange(query.from, query.to, 'DESK.INVALID_KPI_RANGE');
    const { reopenWindowSeconds } = await this.settings.of(tenantId);
    const params: unknown[] = [tenantId, query.from, query.to];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const byAgent = query.groupBy === 'agent';
    // The conversations in scope: the tenant's, started in the period, in the queue asked for.
    const conversations = [`f.tenant_id = $1`, `f.day BETWEEN $2::date AND $3::date`];
    if (query.queue !== undefined) conversations.push(`f.queue = ${param(query.queue)}`);
    const agent = query.agentId === undefined ? null : param(query.agentId);
    // Under groupBy=agent a conversation counts once for every agent who was assigned it.
    const from = byAgent
      ? `kpi_conversations f JOIN (SELECT DISTINCT conversation_id, agent_id FROM kpi_handles WHERE tenant_id = $1) h
           ON h.conversation_id = f.conversation_id`
      : `kpi_conversations f`;
    const handled =
      agent === null
        ? []
        : byAgent
          ? [`h.agent_id = ${agent}`]
          : [
              `EXISTS (SELECT 1 FROM kpi_handles x WHERE x.tenant_id = f.tenant_id AND x.conversation_id = f.conversation_id AND x.agent_id = ${agent})`,
            ];
    const where = [...conversations, ...handled].join(' AND ');
    const key = {
      none: `NULL::text`,
      day: `to_char(f.day, 'YYYY-MM-DD')`,
      queue: `f.queue`,
      agent: `h.agent_id`,
    }[query.groupBy];
    const scopeParams = [...params];
    const window = param(reopenWindowSeconds);
    const at = param(now);

    const rows: CountsRow[] = await this.dataSource.query(
      `SELECT ${key} AS "key",
              count(*) AS "conversations",
              count(*) FILTER (WHERE NOT f.escalated) AS "contained",
              count(*) FILTER (WHERE f.escalated) AS "escalated",
              count(${WAIT}) AS "waitCount",
              avg(${WAIT}) AS "waitMean",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${WAIT}) AS "waitP50",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${WAIT}) AS "waitP90",
              count(${FIRST_REPLY}) AS "firstReplyCount",
              avg(${FIRST_REPLY}) AS "firstReplyMean",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${FIRST_REPLY}) AS "firstReplyP90",
              count(${HANDLE}) AS "handleCount",
              avg(${HANDLE}) AS "handleMean",
              count(*) FILTER (WHERE f.resolved_by_person) AS "resolved",
              count(*) FILTER (WHERE f.resolved_by_person AND NOT COALESCE(
                f.reopened_at <= f.resolved_at + make_interval(secs => ${window}::int), false)) AS "firstContact",
              count(f.csat_score) AS "csatCount",
              avg(f.csat_score) AS "csatMean",
              count(*) FILTER (WHERE f.csat_score >= 4) AS "csatSatisfied",
              count(f.nps_score) AS "npsCount",
              count(*) FILTER (WHERE f.nps_score >= 9) AS "promoters",
              count(*) FILTER (WHERE f.nps_score <= 6) AS "detractors",
              count(*) FILTER (WHERE f.queued_at IS NOT NULL AND (f.first_reply_at IS NOT NULL
                OR COALESCE(f.abandoned_at, ${at}::timestamptz) > ${DEADLINE})) AS "slaJudged",
              count(*) FILTER (WHERE f.queued_at IS NOT NULL AND f.first_reply_at <= ${DEADLINE}) AS "slaMet",
              count(*) FILTER (WHERE f.queued_at IS NOT NULL) AS "queued",
              count(*) FILTER (WHERE f.queued_at IS NOT NULL AND f.abandoned_at IS NOT NULL) AS "abandoned",
              COALESCE(sum(f.transfers), 0) AS "transfers"
         FROM ${from} WHERE ${where}
        GROUP BY 1
        ORDER BY 1 NULLS LAST`,
      params,
    );
    const reasons: { key: string | null; reason: EscalationReasonCode; count: string }[] =
      await this.dataSource.query(
        `SELECT ${key} AS "key", r.reason, count(*) AS "count"
           FROM ${from} CROSS JOIN LATERAL unnest(f.reasons) AS r(reason) WHERE ${where}
          GROUP BY 1, 2`,
        scopeParams,
      );
    // An agent's handle time is their own segments (assigned → resolved, transferred, reassigned).
    const handles: { key: string; handleCount: string; handleMean: string | number | null }[] =
      byAgent
        ? await this.dataSource.query(
            `SELECT s.agent_id AS "key", count(*) AS "handleCount",
                  avg(${seconds('s.ended_at', 's.assigned_at')}) AS "handleMean"
             FROM kpi_handles s
             JOIN kpi_conversations f ON f.tenant_id = s.tenant_id AND f.conversation_id = s.conversation_id
            WHERE ${[...conversations, ...(agent === null ? [] : [`s.agent_id = ${agent}`]), 's.ended_at IS NOT NULL'].join(' AND ')}
            GROUP BY 1`,
            scopeParams,
          )
        : [];

    const groups = rows.map((row) => {
      const counts = toCounts(row);
      const handle = handles.find((found) => found.key === counts.key);
      if (byAgent) {
        counts.handleCount = Number(handle?.handleCount ?? 0);
        counts.handleMean = handle?.handleMean == null ? null : Number(handle.handleMean);
      }
      const mine: ReasonCount[] = reasons
        .filter((reason) => reason.key === counts.key)
        .map((reason) => ({ reason: reason.reason, count: Number(reason.count) }));
      return toKpiGroup(counts, mine);
    });
    return { from: query.from, to: query.to, groupBy: query.groupBy, groups };
  }
}

function toCounts(row: CountsRow): KpiCounts {
  const num = (value: string | number | null): number => Number(value ?? 0);
  const maybe = (value: string | number | null): number | null =>
    value === null ? null : Number(value);
  return {
    key: row.key,
    conversations: num(row.conversations),
    contained: num(row.contained),
    escalated: num(row.escalated),
    waitCount: num(row.waitCount),
    waitMean: maybe(row.waitMean),
    waitP50: maybe(row.waitP50),
    waitP90: maybe(row.waitP90),
    firstReplyCount: num(row.firstReplyCount),
    firstReplyMean: maybe(row.firstReplyMean),
    firstReplyP90: maybe(row.firstReplyP90),
    handleCount: num(row.handleCount),
    handleMean: maybe(row.handleMean),
    resolved: num(row.resolved),
    firstContact: num(row.firstContact),
    csatCount: num(row.csatCount),
    csatMean: maybe(row.csatMean),
    csatSatisfied: num(row.csatSatisfied),
    npsCount: num(row.npsCount),
    promoters: num(row.promoters),
    detractors: num(row.detractors),
    slaJudged: num(row.slaJudged),
    slaMet: num(row.slaMet),
    queued: num(row.queued),
    abandoned: num(row.abandoned),
    transfers: num(row.transfers),
  };
}
