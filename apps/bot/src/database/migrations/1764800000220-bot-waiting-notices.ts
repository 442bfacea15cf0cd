import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What waiting notices need per conversation: the customer's language, the last notice's time. */
export class BotWaitingNotices1764800000220 implements MigrationInterface {
  name = 'BotWaitingNotices1764800000220';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE conversation_modes
        ADD COLUMN language text CHECK (language IN ('zh', 'en', 'other')),
        ADD COLUMN last_notice_at timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE conversation_modes DROP COLUMN language, DROP COLUMN last_notice_at`,
    );
  }
}
