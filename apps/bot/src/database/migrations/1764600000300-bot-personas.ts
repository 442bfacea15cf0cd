import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each tenant's persona (brand voice), one document per tenant. */
export class BotPersonas1764600000300 implements MigrationInterface {
  name = 'BotPersonas1764600000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE personas (
        tenant_id text PRIMARY KEY,
        persona jsonb NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE personas`);
  }
}
