import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterInitial1763800000300 implements MigrationInterface {
  name = 'RouterInitial1763800000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE conversation_states (
        conversation_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        triggered_by text NOT NULL,
        reasons jsonb NOT NULL,
        priority text NOT NULL,
        policy_version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX decisions_conversation ON decisions (tenant_id, conversation_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE decisions, conversation_states`);
  }
}
