import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts from supervisors' reviews of the bot's answers (source `review`), and per article
 * how many of the bot's answers with it supervisors found right or wrong.
 */
export class ArticleReview1764900000640 implements MigrationInterface {
  name = 'ArticleReview1764900000640';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_source_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_source_check
         CHECK (source IN ('written', 'imported', 'learned', 'corrected', 'review'))`,
    );
    await runner.query(`
      ALTER TABLE article_usage
        ADD COLUMN reviewed_right bigint NOT NULL DEFAULT 0,
        ADD COLUMN reviewed_wrong bigint NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE article_usage DROP COLUMN reviewed_right, DROP COLUMN reviewed_wrong`,
    );
    await runner.query(`UPDATE articles SET source = 'corrected' WHERE source = 'review'`);
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_source_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_source_check
         CHECK (source IN ('written', 'imported', 'learned', 'corrected'))`,
    );
  }
}
