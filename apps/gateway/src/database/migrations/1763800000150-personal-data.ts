import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-customer keys (crypto-shredding of personal data on the log), the record of every
 * erasure, each tenant's retention period, and when a conversation last heard from its
 * customer (what retention counts from).
 */
export class PersonalData1763800000150 implements MigrationInterface {
  name = 'PersonalData1763800000150';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE customer_keys (
        customer_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        sealed_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE customer_erasures (
        customer_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE tenant_privacy (
        tenant_id text PRIMARY KEY,
        retention_days int CHECK (retention_days > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `ALTER TABLE conversations ADD COLUMN last_message_at timestamptz NOT NULL DEFAULT now()`,
    );
    await runner.query(
      `CREATE INDEX conversations_customer_activity ON conversations (customer_id, last_message_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversations_customer_activity`);
    await runner.query(`ALTER TABLE conversations DROP COLUMN last_message_at`);
    await runner.query(`DROP TABLE tenant_privacy, customer_erasures, customer_keys`);
  }
}
