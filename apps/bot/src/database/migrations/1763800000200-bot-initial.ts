import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BotInitial1763800000200 implements MigrationInterface {
  name = 'BotInitial1763800000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE conversation_modes (
        conversation_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('bot', 'queued', 'human', 'resolved')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE answer_log (
        message_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('answered', 'deferred', 'silent')),
        reason text,
        confidence real NOT NULL,
        article_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX answer_log_conversation ON answer_log (tenant_id, conversation_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE answer_log, conversation_modes`);
  }
}
