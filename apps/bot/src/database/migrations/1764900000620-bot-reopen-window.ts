import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Until when a resolved conversation reopens for a person on a new customer message (conversation.resolved). */
export class BotReopenWindow1764900000620 implements MigrationInterface {
  name = 'BotReopenWindow1764900000620';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversation_modes ADD COLUMN reopen_until timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversation_modes DROP COLUMN reopen_until`);
  }
}
