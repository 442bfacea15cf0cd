import { Injectable } from '@nestjs/common';
import type { AnyEvent, EventEnvelope, EventType } from '@tandem/contracts';
import { UnitOfWork, type Tx } from '@tandem/persistence';

/** The events the KPI projection folds (customer.erased is not among them: it keeps no personal data). */
export const KPI_SUBSCRIPTIONS = [
  'message.received',
  'bot.replied',
  'bot.deferred',
  'escalation.decided',
  'conversation.queued',
  'conversation.assigned',
  'agent.replied',
  'conversation.resolved',
  'conversation.transferred',
  'conversation.reopened',
  'conversation.abandoned',
  'survey.answered',
  'agent.presence_changed',
] as const satisfies readonly EventType[];

export type KpiEventType = (typeof KPI_SUBSCRIPTIONS)[number];
export type KpiEvent = Extract<AnyEvent, { type: KpiEventType }>;

/** The SLA target when conversation.queued does not carry one (older events). */
export const DEFAULT_SLA_SECONDS = 120;

/**
 * Folds the log into the KPI tables: one fact row per conversation (first times, flags,
 * scores, counters), each agent's handle segments, presence changes and daily activity.
 * Each event is applied once per consumer group (handleOnce); first times take the earliest
 * (LEAST) and latest-wins fields compare times, so most events may arrive in any order.
 * Nothing personal is kept: ids, times, codes and scores only.
 */
@Injectable()
export class KpiProjection {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async fold(groupId: string, event: KpiEvent): Promise<void> {
    await this.unitOfWork.handleOnce(groupId, event, (tx) => this.apply(tx, event));
  }

  private async apply(tx: Tx, event: KpiEvent): Promise<void> {
    if (event.type === 'agent.presence_changed') return this.presence(tx, event);
    await this.touch(tx, event);
    const at = event.occurredAt;
    const key = [event.tenantId, event.aggregateId];
    switch (event.type) {
      case 'message.received':
        return this.update(tx, key, `channel_type = COALESCE(channel_type, $3)`, [
          event.payload.channel.type,
        ]);
      case 'bot.replied':
        if (event.payload.kind !== 'answer') return;
        await this.update(
          tx,
          key,
          `bot_answers = bot_answers + 1, language = COALESCE(language, $3)`,
          [event.payload.language],
        );
        await tx.manager.query(
          `INSERT INTO kpi_usage_days (tenant_id, day, bot_answers)
           VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
           ON CONFLICT (tenant_id, day) DO UPDATE SET bot_answers = kpi_usage_days.bot_answers + 1`,
          [event.tenantId, at],
        );
        return;
      case 'bot.deferred':
        return this.update(tx, key, `bot_deferrals = bot_deferrals + 1`, []);
      case 'escalation.decided': {
        const { payload } = event;
        return this.update(
          tx,
          key,
          `escalated = true,
           escalated_at = LEAST(escalated_at, $3::timestamptz),
           reasons = ARRAY(SELECT DISTINCT r FROM unnest(reasons || $4::text[]) AS r ORDER BY r),
           language = $5,
           channel_type = COALESCE(channel_type, $6),
           queue = COALESCE(queue, $7)`,
          [
            at,
            payload.reasons.map((reason) => reason.code),
            payload.handoff.language,
            payload.handoff.channel.type,
            payload.queue,
          ],
        );
      }
      case 'conversation.queued':
        // The first queueing decides the queue and the SLA target.
        return this.update(
          tx,
          key,
          `queue = CASE WHEN queued_at IS NULL OR $3::timestamptz < queued_at THEN $4 ELSE queue END,
           sla_seconds = CASE WHEN queued_at IS NULL OR $3::timestamptz < queued_at THEN $5::int ELSE sla_seconds END,
           queued_at = LEAST(queued_at, $3::timestamptz)`,
          [at, event.payload.queue, event.payload.slaSeconds ?? DEFAULT_SLA_SECONDS],
        );
      case 'conversation.assigned':
        await this.update(
          tx,
          key,
          `assigned_at = LEAST(assigned_at, $3::timestamptz),
           agent_id = CASE WHEN last_assigned_at IS NULL OR $3::timestamptz >= last_assigned_at THEN $4 ELSE agent_id END,
           last_assigned_at = GREATEST(last_assigned_at, $3::timestamptz)`,
          [at, event.payload.agentId],
        );
        // Whoever still held it stops here (a reassignment without a transfer event).
        await this.endSegments(tx, event, 'reassigned');
        await tx.manager.query(
          `INSERT INTO kpi_handles (tenant_id, conversation_id, agent_id, assigned_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [...key, event.payload.agentId, at],
        );
        return this.agentActive(tx, event, event.payload.agentId);
      case 'agent.replied':
        await this.update(tx, key, `first_reply_at = LEAST(first_reply_at, $3::timestamptz)`, [at]);
        return this.agentActive(tx, event, event.payload.agentId);
      case 'conversation.resolved':
        await this.update(
          tx,
          key,
          `resolved_at = LEAST(resolved_at, $3::timestamptz), resolved_by_person = true`,
          [at],
        );
        await this.endSegments(tx, event, 'resolved');
        return this.agentActive(tx, event, event.payload.agentId);
      case 'conversation.transferred':
        await this.update(tx, key, `transfers = transfers + 1`, []);
        return this.endSegments(
          tx,
          event,
          event.payload.kind === 'transfer' ? 'transferred' : 'reassigned',
        );
      case 'conversation.reopened':
        return this.update(tx, key, `reopened_at = LEAST(reopened_at, $3::timestamptz)`, [at]);
      case 'conversation.abandoned':
        await this.update(tx, key, `abandoned_at = LEAST(abandoned_at, $3::timestamptz)`, [at]);
        return this.endSegments(tx, event, 'abandoned');
      case 'survey.answered': {
        const { kind, score } = event.payload;
        // A CSAT answer outside 1–5 cannot be a CSAT score: not counted.
        if (kind === 'csat' && (score < 1 || score > 5)) return;
        const column = kind === 'csat' ? 'csat' : 'nps';
        // The customer's latest answer of each kind counts.
        return this.update(
          tx,
          key,
          `${column}_score = CASE WHEN ${column}_at IS NULL OR $3::timestamptz >= ${column}_at THEN $4::int ELSE ${column}_score END,
           ${column}_at = GREATEST(${column}_at, $3::timestamptz)`,
          [at, score],
        );
      }
    }
  }

  /** The conversation's row exists and started no later than this event. */
  private async touch(tx: Tx, event: Exclude<KpiEvent, { type: 'agent.presence_changed' }>) {
    await tx.manager.query(
      `INSERT INTO kpi_conversations (tenant_id, conversation_id, started_at, day)
       VALUES ($1, $2, $3::timestamptz, ($3::timestamptz AT TIME ZONE 'UTC')::date)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET
         started_at = LEAST(kpi_conversations.started_at, EXCLUDED.started_at),
         day = LEAST(kpi_conversations.day, EXCLUDED.day)`,
      [event.tenantId, event.aggregateId, event.occurredAt],
    );
  }

  private async update(tx: Tx, key: string[], set: string, params: unknown[]): Promise<void> {
    await tx.manager.query(
      `UPDATE kpi_conversations SET ${set} WHERE tenant_id = $1 AND conversation_id = $2`,
      [...key, ...params],
    );
  }

  /** Closes the open handle segments that began before this event. */
  private async endSegments(tx: Tx, event: KpiEvent, endedBy: string): Promise<void> {
    await tx.manager.query(
      `UPDATE kpi_handles SET ended_at = $3::timestamptz, ended_by = $4
        WHERE tenant_id = $1 AND conversation_id = $2 AND ended_at IS NULL AND assigned_at < $3::timestamptz`,
      [event.tenantId, event.aggregateId, event.occurredAt, endedBy],
    );
  }

  private async agentActive(tx: Tx, event: KpiEvent, agentId: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO kpi_agent_days (tenant_id, day, agent_id)
       VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3) ON CONFLICT DO NOTHING`,
      [event.tenantId, event.occurredAt, agentId],
    );
  }

  private async presence(tx: Tx, event: EventEnvelope<'agent.presence_changed'>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO kpi_agent_presence (tenant_id, agent_id, at, event_id, presence)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [event.tenantId, event.payload.agentId, event.occurredAt, event.id, event.payload.presence],
    );
  }
}
