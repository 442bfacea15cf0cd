import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored attachments (the bytes are in the attachment store; this is what points at them). */
export class Attachments1763800000130 implements MigrationInterface {
  name = 'Attachments1763800000130';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        customer_id uuid NOT NULL,
        message_id uuid,
        channel_id uuid NOT NULL,
        kind text NOT NULL,
        name text,
        mime_type text NOT NULL,
        size_bytes bigint NOT NULL,
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Erasure finds a customer's attachments by this index.
    await runner.query(`CREATE INDEX attachments_customer ON attachments (tenant_id, customer_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE attachments`);
  }
}
