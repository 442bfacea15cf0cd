import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The web chat shows who answered: the agent's name on their replies (null for others). */
export class WebchatAuthorName1765100000170 implements MigrationInterface {
  name = 'WebchatAuthorName1765100000170';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE webchat_messages ADD COLUMN author_name text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE webchat_messages DROP COLUMN author_name`);
  }
}
