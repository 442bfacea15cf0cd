import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Channel settings per type, and the verified contacts that link one customer across channels. */
export class ChannelSettingsAndContacts1763800000110 implements MigrationInterface {
  name = 'ChannelSettingsAndContacts1763800000110';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE channels ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'`);
    await runner.query(`
      CREATE TABLE customer_contacts (
        tenant_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('phone', 'email')),
        value text NOT NULL,
        customer_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, kind, value)
      )`);
    await runner.query(
      `CREATE INDEX customer_contacts_customer ON customer_contacts (customer_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE customer_contacts`);
    await runner.query(`ALTER TABLE channels DROP COLUMN settings`);
  }
}
