import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The article lifecycle: review status, corrected source, tags, topic, channel variants, a
 * content version (optimistic concurrency) and the version history. Existing articles get
 * their current content as version 1, so rollback works for them too.
 */
export class ArticleLifecycle1763800000410 implements MigrationInterface {
  name = 'ArticleLifecycle1763800000410';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_status_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_status_check
         CHECK (status IN ('draft', 'in_review', 'published', 'retired'))`,
    );
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_source_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_source_check
         CHECK (source IN ('written', 'imported', 'learned', 'corrected'))`,
    );
    await runner.query(`
      ALTER TABLE articles
        ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
        ADD COLUMN topic text,
        ADD COLUMN source_ref text,
        ADD COLUMN channel_variants jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN updated_by text`);
    await runner.query(`CREATE INDEX articles_tags ON articles USING gin (tags)`);
    await runner.query(`
      CREATE TABLE article_versions (
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version integer NOT NULL,
        tenant_id text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        questions text[] NOT NULL,
        locale text NOT NULL,
        tags text[] NOT NULL,
        topic text,
        channel_variants jsonb NOT NULL,
        change text NOT NULL CHECK (change IN ('created', 'updated', 'rolled_back', 'imported')),
        rolled_back_from integer,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, version)
      )`);
    await runner.query(`
      INSERT INTO article_versions
        (article_id, version, tenant_id, title, body, questions, locale, tags, topic,
         channel_variants, change, actor, created_at)
      SELECT id, 1, tenant_id, title, body, questions, locale, tags, topic, channel_variants,
             'created', 'migration', created_at
        FROM articles`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE article_versions`);
    await runner.query(`DROP INDEX articles_tags`);
    await runner.query(`
      ALTER TABLE articles
        DROP COLUMN tags, DROP COLUMN topic, DROP COLUMN source_ref,
        DROP COLUMN channel_variants, DROP COLUMN version, DROP COLUMN updated_by`);
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_source_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_source_check CHECK (source IN ('written', 'imported', 'learned'))`,
    );
    await runner.query(`ALTER TABLE articles DROP CONSTRAINT articles_status_check`);
    await runner.query(
      `ALTER TABLE articles ADD CONSTRAINT articles_status_check CHECK (status IN ('draft', 'published', 'retired'))`,
    );
  }
}
