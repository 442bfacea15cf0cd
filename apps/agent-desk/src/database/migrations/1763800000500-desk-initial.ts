import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeskInitial1763800000500 implements MigrationInterface {
  name = 'DeskInitial1763800000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tenants (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL REFERENCES tenants (id),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
        password_hash text NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        capacity int NOT NULL DEFAULT 5 CHECK (capacity >= 0),
        presence text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
        presence_at timestamptz NOT NULL DEFAULT now(),
        last_offered_at timestamptz,
        UNIQUE (tenant_id, email)
      )`);
    await runner.query(`
      CREATE TABLE conversations (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'offered', 'assigned', 'resolved')),
        queue text NOT NULL,
        priority text NOT NULL,
        priority_rank int NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        agent_id uuid REFERENCES agents (id),
        passed_by text[] NOT NULL DEFAULT '{}',
        handoff jsonb NOT NULL,
        queued_at timestamptz NOT NULL,
        assigned_at timestamptz,
        resolved_at timestamptz,
        wrap_up_code text,
        CHECK ((status = 'queued') = (agent_id IS NULL))
      )`);
    await runner.query(
      `CREATE INDEX conversations_waiting ON conversations (tenant_id, priority_rank DESC, queued_at) WHERE status = 'queued'`,
    );
    await runner.query(
      `CREATE INDEX conversations_agent_load ON conversations (agent_id) WHERE status IN ('offered', 'assigned')`,
    );
    await runner.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL REFERENCES conversations (id),
        agent_id uuid NOT NULL REFERENCES agents (id),
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    // The database itself refuses a second live offer for one conversation.
    await runner.query(
      `CREATE UNIQUE INDEX offers_one_pending ON offers (conversation_id) WHERE status = 'pending'`,
    );
    await runner.query(`CREATE INDEX offers_due ON offers (expires_at) WHERE status = 'pending'`);
    await runner.query(`
      CREATE TABLE messages (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'bot', 'agent')),
        text text NOT NULL,
        author_id text,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX messages_conversation ON messages (tenant_id, conversation_id, at)`,
    );
    await runner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL REFERENCES tenants (id),
        name text NOT NULL,
        role text NOT NULL,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE api_keys, messages, offers, conversations, agents, tenants`);
  }
}
