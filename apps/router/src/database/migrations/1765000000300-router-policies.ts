import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant escalation policies, one row per version; decisions keep their queue and skills. */
export class RouterPolicies1765000000300 implements MigrationInterface {
  name = 'RouterPolicies1765000000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE policies (
        tenant_id text NOT NULL,
        version int NOT NULL,
        policy jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, version)
      )`);
    await runner.query(`ALTER TABLE decisions ADD COLUMN queue text`);
    await runner.query(`ALTER TABLE decisions ADD COLUMN skills jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE decisions DROP COLUMN skills, DROP COLUMN queue`);
    await runner.query(`DROP TABLE policies`);
  }
}
