import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewayInitial1763800000100 implements MigrationInterface {
  name = 'GatewayInitial1763800000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('generic', 'webchat', 'wechat', 'sms', 'email')),
        name text NOT NULL,
        secret text NOT NULL,
        callback_url text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX channels_tenant ON channels (tenant_id)`);
    await runner.query(`
      CREATE TABLE customer_identities (
        channel_id uuid NOT NULL REFERENCES channels (id),
        external_id text NOT NULL,
        tenant_id text NOT NULL,
        customer_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, external_id)
      )`);
    await runner.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        channel_id uuid NOT NULL REFERENCES channels (id),
        customer_id uuid NOT NULL,
        external_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'resolved')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX conversations_one_open ON conversations (channel_id, external_id) WHERE status = 'open'`,
    );
    await runner.query(`
      CREATE TABLE deliveries (
        reply_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id uuid NOT NULL,
        channel_id uuid,
        status text NOT NULL CHECK (status IN ('delivered', 'failed')),
        attempts int NOT NULL,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE deliveries, conversations, customer_identities, channels`);
  }
}
