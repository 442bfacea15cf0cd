import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CSAT and NPS surveys asked after a person resolved a conversation, and their answers. */
export class DeskSurveys1764900000630 implements MigrationInterface {
  name = 'DeskSurveys1764900000630';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        agent_id text,
        customer_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('csat', 'nps')),
        language text NOT NULL,
        requested_at timestamptz NOT NULL,
        score int CHECK (score BETWEEN 0 AND 10),
        comment text,
        source text,
        answered_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX surveys_conversation ON surveys (tenant_id, conversation_id, requested_at)`,
    );
    await runner.query(
      `CREATE INDEX surveys_agent_answers ON surveys (tenant_id, agent_id, answered_at) WHERE answered_at IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX surveys_requested ON surveys (tenant_id, requested_at)`);
    await runner.query(`CREATE INDEX surveys_customer ON surveys (tenant_id, customer_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE surveys`);
  }
}
