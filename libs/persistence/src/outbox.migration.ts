import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every app that emits events from its own transactions starts with these two tables. */
export class CreateOutboxAndInbox1763800000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'public';
    await runner.query(`
      CREATE TABLE "${schema}".outbox (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}".processed_events`);
    await runner.query(`DROP TABLE "${schema}".outbox`);
  }
}

/**
 * Outbox rows that can never be published as they are (unknown customer key, invalid event)
 * are set aside instead of blocking the relay: marked dead-lettered with their last error.
 * Shared like the migration above: every app with an outbox lists it.
 */
export class OutboxDeadLetters1764800000000 implements MigrationInterface {
  name = 'OutboxDeadLetters1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'public';
    await runner.query(`
      ALTER TABLE "${schema}".outbox
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN dead_lettered_at timestamptz`);
    // The relay reads only the rows still to publish, in order, past any dead letters.
    await runner.query(
      `CREATE INDEX outbox_pending ON "${schema}".outbox (seq) WHERE dead_lettered_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'public';
    await runner.query(`DROP INDEX "${schema}".outbox_pending`);
    await runner.query(`
      ALTER TABLE "${schema}".outbox
        DROP COLUMN dead_lettered_at,
        DROP COLUMN last_error,
        DROP COLUMN attempts`);
  }
}

/** The outbox's migrations, in order: every app's migration list starts with these. */
export const OUTBOX_MIGRATIONS = [
  CreateOutboxAndInbox1763800000000,
  OutboxDeadLetters1764800000000,
];
