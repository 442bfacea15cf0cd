import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each tenant's topics (names and the keywords that signal them), one document per tenant. */
export class BotTopics1765100000300 implements MigrationInterface {
  name = 'BotTopics1765100000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE topics (
        tenant_id text PRIMARY KEY,
        topics jsonb NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE topics`);
  }
}
