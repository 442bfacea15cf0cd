import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the tenant's policy offers a queued customer while nobody is online (escalation.decided). */
export class BotNoAgentOnline1765100000200 implements MigrationInterface {
  name = 'BotNoAgentOnline1765100000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE conversation_modes
        ADD COLUMN no_agent_online text CHECK (no_agent_online IN ('queue', 'callback', 'message'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversation_modes DROP COLUMN no_agent_online`);
  }
}
