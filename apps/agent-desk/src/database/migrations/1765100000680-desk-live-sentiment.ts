import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's latest sentiment on an open conversation (from message.analyzed), so the
 * workspace and the supervisor's list show how the customer feels now, not at the handoff.
 */
export class DeskLiveSentiment1765100000680 implements MigrationInterface {
  name = 'DeskLiveSentiment1765100000680';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE conversations ADD COLUMN sentiment jsonb, ADD COLUMN sentiment_at timestamptz`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversations DROP COLUMN sentiment, DROP COLUMN sentiment_at`);
  }
}
