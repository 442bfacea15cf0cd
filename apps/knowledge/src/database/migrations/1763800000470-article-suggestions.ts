import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a resolved case suggests for an article that already answers it (instead of a
 * near-duplicate draft): new sample questions, and the agent's answer as a proposed edit.
 */
export class ArticleSuggestions1763800000470 implements MigrationInterface {
  name = 'ArticleSuggestions1763800000470';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE article_suggestions (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        article_id text NOT NULL,
        questions text[] NOT NULL,
        proposed_answer text NOT NULL,
        score real NOT NULL,
        source_conversation_id text,
        status text NOT NULL DEFAULT 'pending',
        decided_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX article_suggestions_pending ON article_suggestions (tenant_id, status, created_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE article_suggestions`);
  }
}
