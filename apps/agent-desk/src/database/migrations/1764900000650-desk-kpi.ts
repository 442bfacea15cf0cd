import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The KPI projection (consumer group agent-desk-kpi): one fact row per conversation, each
 * agent's handle segments, presence changes and daily activity for usage. Ids, times,
 * codes and scores only: no personal data. Rebuilt from the log (docs/desk/kpis.md).
 */
export class DeskKpi1764900000650 implements MigrationInterface {
  name = 'DeskKpi1764900000650';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE kpi_conversations (
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        started_at timestamptz NOT NULL,
        day date NOT NULL,
        channel_type text,
        language text,
        queue text,
        escalated boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reasons text[] NOT NULL DEFAULT '{}',
        queued_at timestamptz,
        sla_seconds integer,
        assigned_at timestamptz,
        agent_id text,
        last_assigned_at timestamptz,
        first_reply_at timestamptz,
        resolved_at timestamptz,
        resolved_by_person boolean NOT NULL DEFAULT false,
        reopened_at timestamptz,
        abandoned_at timestamptz,
        csat_score integer,
        csat_at timestamptz,
        nps_score integer,
        nps_at timestamptz,
        transfers integer NOT NULL DEFAULT 0,
        bot_answers integer NOT NULL DEFAULT 0,
        bot_deferrals integer NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, conversation_id)
      )`);
    await runner.query(`CREATE INDEX kpi_conversations_day ON kpi_conversations (tenant_id, day)`);
    await runner.query(`
      CREATE TABLE kpi_handles (
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        agent_id text NOT NULL,
        assigned_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_by text,
        PRIMARY KEY (tenant_id, conversation_id, agent_id, assigned_at)
      )`);
    await runner.query(`CREATE INDEX kpi_handles_agent ON kpi_handles (tenant_id, agent_id)`);
    await runner.query(`
      CREATE TABLE kpi_agent_presence (
        tenant_id text NOT NULL,
        agent_id text NOT NULL,
        at timestamptz NOT NULL,
        event_id text NOT NULL,
        presence text NOT NULL,
        PRIMARY KEY (tenant_id, agent_id, at, event_id)
      )`);
    await runner.query(`
      CREATE TABLE kpi_agent_days (
        tenant_id text NOT NULL,
        day date NOT NULL,
        agent_id text NOT NULL,
        PRIMARY KEY (tenant_id, day, agent_id)
      )`);
    await runner.query(`
      CREATE TABLE kpi_usage_days (
        tenant_id text NOT NULL,
        day date NOT NULL,
        bot_answers integer NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE kpi_usage_days`);
    await runner.query(`DROP TABLE kpi_agent_days`);
    await runner.query(`DROP TABLE kpi_agent_presence`);
    await runner.query(`DROP TABLE kpi_handles`);
    await runner.query(`DROP TABLE kpi_conversations`);
  }
}
