import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent's work on a conversation: transfers (the preferred agent's columns are routing's, 610), internal
 * notes, canned responses, wrap-up codes, reopening, abandonment, delivery status of the
 * agent's messages and the latest assist suggestion.
 */
export class DeskWork1764900000620 implements MigrationInterface {
  name = 'DeskWork1764900000620';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE conversations
        ADD COLUMN reopen_until timestamptz,
        ADD COLUMN abandoned_at timestamptz,
        ADD COLUMN resolution_note text`);
    // Abandoned conversations never reached a person: no agent, like queued ones.
    await runner.query(`ALTER TABLE conversations DROP CONSTRAINT conversations_status_check`);
    await runner.query(`ALTER TABLE conversations DROP CONSTRAINT conversations_check`);
    await runner.query(`
      ALTER TABLE conversations
        ADD CONSTRAINT conversations_status_check
          CHECK (status IN ('queued', 'offered', 'assigned', 'resolved', 'abandoned')),
        ADD CONSTRAINT conversations_agent_check
          CHECK ((status IN ('queued', 'abandoned')) = (agent_id IS NULL))`);
    await runner.query(
      `CREATE INDEX conversations_monitor ON conversations (tenant_id, queued_at DESC, id DESC)`,
    );
    await runner.query(`ALTER TABLE offers DROP CONSTRAINT offers_status_check`);
    await runner.query(`
      ALTER TABLE offers ADD CONSTRAINT offers_status_check
        CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn'))`);
    await runner.query(`
      ALTER TABLE messages
        ADD COLUMN delivery_status text CHECK (delivery_status IN ('sent', 'delivered', 'failed')),
        ADD COLUMN delivery_detail text`);
    await runner.query(`
      CREATE TABLE notes (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL REFERENCES conversations (id),
        author_id text NOT NULL,
        author_name text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX notes_conversation ON notes (tenant_id, conversation_id, created_at)`,
    );
    await runner.query(`
      CREATE TABLE transfers (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL REFERENCES conversations (id),
        kind text NOT NULL CHECK (kind IN ('transfer', 'reassign')),
        from_agent_id uuid,
        to_agent_id uuid,
        from_queue text NOT NULL,
        to_queue text NOT NULL,
        note text NOT NULL,
        by_id text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX transfers_conversation ON transfers (tenant_id, conversation_id, at)`,
    );
    await runner.query(`
      CREATE TABLE canned_responses (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        shortcut text NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        language text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (tenant_id, shortcut, language)
      )`);
    await runner.query(`
      CREATE TABLE wrap_up_codes (
        tenant_id text NOT NULL,
        code text NOT NULL,
        label text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, code)
      )`);
    await runner.query(`
      CREATE TABLE assist_suggestions (
        conversation_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        message_id text NOT NULL,
        articles jsonb NOT NULL,
        draft_reply text,
        at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP TABLE assist_suggestions, wrap_up_codes, canned_responses, transfers, notes`,
    );
    await runner.query(
      `ALTER TABLE messages DROP COLUMN delivery_status, DROP COLUMN delivery_detail`,
    );
    await runner.query(`ALTER TABLE offers DROP CONSTRAINT offers_status_check`);
    await runner.query(`
      ALTER TABLE offers ADD CONSTRAINT offers_status_check
        CHECK (status IN ('pending', 'accepted', 'declined', 'expired'))`);
    await runner.query(`DROP INDEX conversations_monitor`);
    await runner.query(`
      ALTER TABLE conversations
        DROP CONSTRAINT conversations_agent_check,
        DROP CONSTRAINT conversations_status_check,
        ADD CONSTRAINT conversations_status_check
          CHECK (status IN ('queued', 'offered', 'assigned', 'resolved')),
        ADD CONSTRAINT conversations_check CHECK ((status = 'queued') = (agent_id IS NULL)),
        DROP COLUMN reopen_until,
        DROP COLUMN abandoned_at,
        DROP COLUMN resolution_note`);
  }
}
