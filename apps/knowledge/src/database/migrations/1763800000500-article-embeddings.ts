import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Embeddings of each published article's title and sample questions, searched without
 * pgvector: GIN over random-hyperplane LSH band keys (salted with the tenant) finds the
 * candidates, the bit sketch ranks them, the exact cosine is computed on the few hundred
 * left (docs/search.md, "Embeddings"). A row without an embedding is pending.
 */
export class ArticleEmbeddings1763800000500 implements MigrationInterface {
  name = 'ArticleEmbeddings1763800000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE article_embeddings (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        article_id uuid NOT NULL,
        locale text NOT NULL,
        position int NOT NULL,
        text text NOT NULL,
        model text,
        embedding bytea,
        lsh text,
        sketch varbit,
        bands bigint[] NOT NULL DEFAULT '{}',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, article_id, position),
        CHECK ((embedding IS NULL) = (model IS NULL))
      )`);
    await runner.query(
      `CREATE INDEX article_embeddings_bands ON article_embeddings USING gin (bands) WITH (fastupdate = off)`,
    );
    await runner.query(
      `CREATE INDEX article_embeddings_pending ON article_embeddings (updated_at) WHERE embedding IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE article_embeddings`);
  }
}
