import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks the case questions the bot answered confidently, so drafts leave them out. */
export class CaseAnsweredByBot1763800000480 implements MigrationInterface {
  name = 'CaseAnsweredByBot1763800000480';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE case_messages ADD COLUMN answered_by_bot boolean NOT NULL DEFAULT false`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE case_messages DROP COLUMN answered_by_bot`);
  }
}
