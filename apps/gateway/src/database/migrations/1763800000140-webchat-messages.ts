import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web chat history: what a visitor sees again when they reconnect (their messages and the
 * replies). customer_id lets erasure delete a customer's rows.
 */
export class WebchatMessages1763800000140 implements MigrationInterface {
  name = 'WebchatMessages1763800000140';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE webchat_messages (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        channel_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        visitor_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'bot', 'agent')),
        action text,
        text text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        client_message_id text,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX webchat_messages_visitor ON webchat_messages (channel_id, visitor_id, created_at DESC)`,
    );
    await runner.query(
      `CREATE INDEX webchat_messages_customer ON webchat_messages (tenant_id, customer_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE webchat_messages`);
  }
}
