import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BotModelUsage1764600000200 implements MigrationInterface {
  name = 'BotModelUsage1764600000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE model_usage (
        tenant_id text NOT NULL,
        day date NOT NULL,
        model text NOT NULL,
        prompt_tokens bigint NOT NULL DEFAULT 0,
        completion_tokens bigint NOT NULL DEFAULT 0,
        requests integer NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day, model)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE model_usage`);
  }
}
