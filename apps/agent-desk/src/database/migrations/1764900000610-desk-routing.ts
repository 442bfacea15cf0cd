import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing v2: teams; agents with skill levels, languages, capacity per media, busy states and
 * deactivation; queues (required skills, priority boost, SLA, overflow, business hours, team);
 * conversations with their media, their queue's boost and a preferred agent.
 */
export class DeskRouting1764900000610 implements MigrationInterface {
  name = 'DeskRouting1764900000610';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL REFERENCES tenants (id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);

    // Skills: text[] → levels; `lang:xx` entries become languages, the rest level 1.
    await runner.query(`ALTER TABLE agents RENAME COLUMN skills TO skills_v1`);
    await runner.query(`ALTER TABLE agents RENAME COLUMN capacity TO capacity_v1`);
    await runner.query(`
      ALTER TABLE agents
        ADD COLUMN team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
        ADD COLUMN skills jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN languages text[] NOT NULL DEFAULT '{}',
        ADD COLUMN capacity jsonb NOT NULL DEFAULT '{"chat": 5, "email": 10, "call": 1}',
        ADD COLUMN busy_state text,
        ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await runner.query(`
      UPDATE agents SET
        skills = COALESCE(
          (SELECT jsonb_object_agg(skill, 1) FROM unnest(skills_v1) AS skill WHERE skill NOT LIKE 'lang:%'),
          '{}'),
        languages = COALESCE(
          (SELECT array_agg(DISTINCT substr(skill, 6)) FROM unnest(skills_v1) AS skill WHERE skill LIKE 'lang:%'),
          '{}'),
        capacity = jsonb_build_object('chat', capacity_v1)`);
    await runner.query(`ALTER TABLE agents DROP COLUMN skills_v1, DROP COLUMN capacity_v1`);
    await runner.query(`ALTER TABLE agents DROP CONSTRAINT agents_presence_check`);
    await runner.query(`
      ALTER TABLE agents
        ADD CONSTRAINT agents_presence_check CHECK (presence IN ('online', 'away', 'busy', 'offline')),
        ADD CONSTRAINT agents_busy_state CHECK ((presence = 'busy') = (busy_state IS NOT NULL)),
        ADD CONSTRAINT agents_inactive_offline CHECK (active OR presence = 'offline'),
        ADD CONSTRAINT agents_skills_object CHECK (jsonb_typeof(skills) = 'object'),
        ADD CONSTRAINT agents_capacity_object CHECK (jsonb_typeof(capacity) = 'object')`);
    // Dispatch reads the tenant's online agents.
    await runner.query(
      `CREATE INDEX agents_online ON agents (tenant_id) WHERE presence = 'online' AND active`,
    );

    await runner.query(`
      CREATE TABLE queues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL REFERENCES tenants (id),
        name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
        skills jsonb NOT NULL DEFAULT '{}',
        priority int NOT NULL DEFAULT 0,
        sla_seconds int NOT NULL DEFAULT 120 CHECK (sla_seconds > 0),
        overflow jsonb NOT NULL DEFAULT '[]',
        hours jsonb,
        team_id uuid REFERENCES teams (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);

    await runner.query(`
      ALTER TABLE conversations
        ADD COLUMN media text NOT NULL DEFAULT 'chat' CHECK (media IN ('chat', 'email', 'call')),
        ADD COLUMN queue_boost int NOT NULL DEFAULT 0,
        ADD COLUMN preferred_agent_id uuid REFERENCES agents (id),
        ADD COLUMN preferred_until timestamptz`);
    await runner.query(
      `UPDATE conversations SET media = 'email' WHERE handoff -> 'channel' ->> 'type' = 'email'`,
    );
    // Dispatch pages through a tenant's waiting conversations in offer order.
    await runner.query(`DROP INDEX conversations_waiting`);
    await runner.query(
      `CREATE INDEX conversations_waiting ON conversations (tenant_id, (priority_rank + queue_boost) DESC, queued_at, id) WHERE status = 'queued'`,
    );
    // A queue's open work: its live figures and a conversation's place in it.
    await runner.query(
      `CREATE INDEX conversations_open_by_queue ON conversations (tenant_id, queue, queued_at) WHERE status IN ('queued', 'offered')`,
    );
    // Load per agent and media.
    await runner.query(`DROP INDEX conversations_agent_load`);
    await runner.query(
      `CREATE INDEX conversations_agent_load ON conversations (tenant_id, agent_id, media) WHERE status IN ('offered', 'assigned')`,
    );
    await runner.query(
      `CREATE INDEX offers_agent_pending ON offers (agent_id) WHERE status = 'pending'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX offers_agent_pending`);
    await runner.query(`DROP INDEX conversations_open_by_queue`);
    await runner.query(`DROP INDEX conversations_agent_load`);
    await runner.query(
      `CREATE INDEX conversations_agent_load ON conversations (agent_id) WHERE status IN ('offered', 'assigned')`,
    );
    await runner.query(`DROP INDEX conversations_waiting`);
    await runner.query(
      `CREATE INDEX conversations_waiting ON conversations (tenant_id, priority_rank DESC, queued_at) WHERE status = 'queued'`,
    );
    await runner.query(`
      ALTER TABLE conversations
        DROP COLUMN media, DROP COLUMN queue_boost, DROP COLUMN preferred_agent_id, DROP COLUMN preferred_until`);
    await runner.query(`DROP TABLE queues`);
    await runner.query(`DROP INDEX agents_online`);
    await runner.query(`
      ALTER TABLE agents
        DROP CONSTRAINT agents_busy_state, DROP CONSTRAINT agents_inactive_offline,
        DROP CONSTRAINT agents_skills_object, DROP CONSTRAINT agents_capacity_object,
        DROP CONSTRAINT agents_presence_check`);
    await runner.query(`UPDATE agents SET presence = 'away' WHERE presence = 'busy'`);
    await runner.query(`
      ALTER TABLE agents
        ADD CONSTRAINT agents_presence_check CHECK (presence IN ('online', 'away', 'offline')),
        ADD COLUMN skills_v1 text[] NOT NULL DEFAULT '{}',
        ADD COLUMN capacity_v1 int NOT NULL DEFAULT 5`);
    await runner.query(`
      UPDATE agents SET
        skills_v1 = ARRAY(SELECT 'lang:' || l FROM unnest(languages) AS l)
                 || ARRAY(SELECT jsonb_object_keys(skills)),
        capacity_v1 = COALESCE((capacity ->> 'chat')::int, 0)`);
    await runner.query(`
      ALTER TABLE agents DROP COLUMN team_id, DROP COLUMN skills, DROP COLUMN languages,
        DROP COLUMN capacity, DROP COLUMN busy_state, DROP COLUMN active`);
    await runner.query(`ALTER TABLE agents RENAME COLUMN skills_v1 TO skills`);
    await runner.query(`ALTER TABLE agents RENAME COLUMN capacity_v1 TO capacity`);
    await runner.query(`DROP TABLE teams`);
  }
}
