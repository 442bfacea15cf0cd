import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How each article is used: found by searches, used in the bot's answers, rated by customers. */
export class ArticleUsage1763800000460 implements MigrationInterface {
  name = 'ArticleUsage1763800000460';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE article_usage (
        tenant_id text NOT NULL,
        article_id text NOT NULL,
        retrievals bigint NOT NULL DEFAULT 0,
        answers bigint NOT NULL DEFAULT 0,
        helpful bigint NOT NULL DEFAULT 0,
        not_helpful bigint NOT NULL DEFAULT 0,
        last_retrieved_at timestamptz,
        last_answered_at timestamptz,
        PRIMARY KEY (tenant_id, article_id)
      )`);
    await runner.query(`
      CREATE TABLE answer_sources (
        reply_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        article_id text NOT NULL,
        rating text,
        at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE answer_sources, article_usage`);
  }
}
