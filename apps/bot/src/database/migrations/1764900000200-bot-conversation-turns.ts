import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bot's copy of each conversation's recent turns (customer, bot and agent messages),
 * folded from the conversation log so follow-up questions are read in context. Personal
 * data: deleted when the customer is erased.
 */
export class BotConversationTurns1764900000200 implements MigrationInterface {
  name = 'BotConversationTurns1764900000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE conversation_turns (
        message_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'bot', 'agent')),
        text text NOT NULL,
        article_id text,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX conversation_turns_recent ON conversation_turns (tenant_id, conversation_id, at DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE conversation_turns`);
  }
}
