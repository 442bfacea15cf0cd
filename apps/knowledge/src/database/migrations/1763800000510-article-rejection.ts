import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review outcomes besides publishing: a draft can be rejected, or merged into another
 * article (its questions join that article; the draft is rejected and says where it went).
 */
export class ArticleRejection1763800000510 implements MigrationInterface {
  name = 'ArticleRejection1763800000510';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_status_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_status_check
         CHECK (status IN ('draft', 'in_review', 'published', 'retired', 'rejected'))`,
    );
    await runner.query(
      `ALTER TABLE articles ADD COLUMN merged_into uuid REFERENCES articles (id) ON DELETE SET NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE articles DROP COLUMN merged_into`);
    await runner.query(`UPDATE articles SET status = 'retired' WHERE status = 'rejected'`);
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_status_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_status_check
         CHECK (status IN ('draft', 'in_review', 'published', 'retired'))`,
    );
  }
}
