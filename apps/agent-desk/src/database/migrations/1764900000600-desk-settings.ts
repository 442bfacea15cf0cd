import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant desk settings (reopen window, busy states, surveys, review sampling, ...). */
export class DeskSettings1764900000600 implements MigrationInterface {
  name = 'DeskSettings1764900000600';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE desk_settings (
        tenant_id text PRIMARY KEY,
        settings jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE desk_settings`);
  }
}
