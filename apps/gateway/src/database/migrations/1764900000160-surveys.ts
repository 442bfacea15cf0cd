import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Surveys sent to customers and waiting for their answer: the customer's next message on
 * the channel may be it. Holds no comment (that travels sealed on the log only).
 */
export class Surveys1764900000160 implements MigrationInterface {
  name = 'Surveys1764900000160';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        channel_id uuid NOT NULL,
        external_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('csat', 'nps')),
        language text NOT NULL,
        agent_id text,
        requested_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'answered')),
        score int,
        source text,
        answered_at timestamptz,
        answer_message_id text
      )`);
    await runner.query(
      `CREATE INDEX surveys_customer_on_channel ON surveys (channel_id, external_id, requested_at DESC)`,
    );
    await runner.query(`CREATE INDEX surveys_customer ON surveys (tenant_id, customer_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE surveys`);
  }
}
