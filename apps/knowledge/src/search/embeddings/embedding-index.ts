import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import type { EmbeddingsClient } from './embeddings-client';
import {
  bandCodes,
  DEFAULT_LSH,
  lshVersion,
  probeCodes,
  project,
  saltedKeys,
  sketchOf,
  tenantSalt,
  type LshSettings,
} from './lsh';
import { cosine, fromBytes, toBytes } from './vectors';

export interface EmbeddingIndexSettings {
  lsh: LshSettings;
  /** Least certain bits flipped per band at query time (multi-probe). */
  probes: number;
  /** Rows scored exactly per query, the nearest by sketch among those sharing a band. */
  candidates: number;
  /** Time indexing may spend on the endpoint, retries included, before rows stay pending. */
  indexBudgetMs: number;
  /** Rows the sweep takes per call. */
  sweepBatch: number;
}

export const DEFAULT_EMBEDDING_INDEX: EmbeddingIndexSettings = {
  lsh: DEFAULT_LSH,
  probes: 2,
  candidates: 300,
  indexBudgetMs: 30_000,
  sweepBatch: 256,
};

export interface IndexedArticle {
  tenantId: string;
  id: string;
  locale: string;
  title: string;
  questions: readonly string[];
}

export interface SemanticHit {
  articleId: string;
  /** The title or sample question nearest to the query. */
  text: string;
  /** Cosine of the query and that text, in [-1, 1]. */
  similarity: number;
}

interface StoredVector {
  model: string;
  embedding: Float32Array;
}

/**
 * Embeddings of published articles' titles and sample questions in Postgres, searched with
 * random-hyperplane LSH (no pgvector): see docs/search.md, "Embeddings". Optional: without an
 * endpoint every method is a no-op and `nearest` finds nothing. Never throws for the
 * endpoint's failures: texts it could not embed stay pending for `reindexPending`, and a
 * query it could not embed finds nothing (search goes on lexically).
 */
@Injectable()
export class EmbeddingIndex {
  private readonly lshName: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: EmbeddingsClient | null,
    private readonly logger: Logger,
    private readonly settings: EmbeddingIndexSettings = DEFAULT_EMBEDDING_INDEX,
  ) {
    this.lshName = lshVersion(settings.lsh);
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /**
   * Replaces the article's rows with its current title and questions. Texts it already has
   * embedded under the current model keep their vectors; the others are embedded now, or
   * stored pending when the endpoint fails. Call it after the article's transaction commits:
   * it never throws, so it can neither fail nor hold up the publication.
   */
  async indexArticle(article: IndexedArticle): Promise<{ embedded: number; pending: number }> {
    const client = this.client;
    if (!client) return { embedded: 0, pending: 0 };
    const texts = [...new Set([article.title, ...article.questions].map((t) => t.trim()))].filter(
      Boolean,
    );
    try {
      const known = await this.storedVectors(article.tenantId, article.id, client.space);
      const missing = texts.filter((text) => !known.has(text));
      const fresh = await client.embed(missing, { budgetMs: this.settings.indexBudgetMs });
      const errors = new Map<string, string>();
      missing.forEach((text, i) => {
        const result = fresh[i]!;
        if ('vector' in result) known.set(text, { model: client.space, embedding: result.vector });
        else errors.set(text, result.error);
      });
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `DELETE FROM article_embeddings WHERE tenant_id = $1 AND article_id = $2`,
          [article.tenantId, article.id],
        );
        for (const [position, text] of texts.entries()) {
          const stored = known.get(text);
          const hashed = stored ? this.hashed(article.tenantId, stored.embedding) : null;
          await manager.query(
            `INSERT INTO article_embeddings
               (tenant_id, article_id, locale, position, text, model, embedding, lsh, sketch, bands,
                attempts, last_error)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::varbit, $10::bigint[], $11, $12)`,
            [
              article.tenantId,
              article.id,
              article.locale,
              position,
              text,
              stored?.model ?? null,
              stored ? toBytes(stored.embedding) : null,
              hashed ? this.lshName : null,
              hashed?.sketch ?? null,
              hashed?.bands ?? [],
              errors.has(text) ? 1 : 0,
              errors.get(text) ?? null,
            ],
          );
        }
      });
      if (errors.size > 0)
        this.logger.warn(
          {
            tenantId: article.tenantId,
            articleId: article.id,
            pending: errors.size,
            reason: [...errors.values()][0],
          },
          'embeddings: some texts could not be embedded; they stay pending for the sweep',
        );
      return { embedded: texts.length - errors.size, pending: errors.size };
    } catch (error) {
      this.logger.error(
        { err: error, tenantId: article.tenantId, articleId: article.id },
        'embeddings: the article could not be indexed',
      );
      return { embedded: 0, pending: texts.length };
    }
  }

  /**
   * Brings the index in line with what is published, whichever path changed an article
   * (review, edit, rollback, import, an accepted suggestion, a seed): rows of articles no
   * longer published go; published articles whose texts or locale differ from their rows
   * are indexed again, at most `limit` per call. The sweeper calls it on its timer.
   */
  async reconcile(limit = 200): Promise<{ indexed: number; removed: number }> {
    if (!this.client) return { indexed: 0, removed: 0 };
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM article_embeddings e
        WHERE NOT EXISTS (SELECT 1 FROM articles a
                           WHERE a.id = e.article_id AND a.tenant_id = e.tenant_id
                             AND a.status = 'published')`,
    )) as [unknown, number];
    const stale: {
      id: string;
      tenant_id: string;
      locale: string;
      title: string;
      questions: string[];
    }[] = await this.dataSource.query(
      `SELECT a.id, a.tenant_id, a.locale, a.title, a.questions
           FROM articles a
          WHERE a.status = 'published'
            AND ((SELECT array_agg(DISTINCT btrim(t)) FROM unnest(array_prepend(a.title, a.questions)) t
                   WHERE btrim(t) <> '')
                 IS DISTINCT FROM
                 (SELECT array_agg(DISTINCT e.text) FROM article_embeddings e
                   WHERE e.tenant_id = a.tenant_id AND e.article_id = a.id)
                 OR EXISTS (SELECT 1 FROM article_embeddings e
                             WHERE e.tenant_id = a.tenant_id AND e.article_id = a.id
                               AND e.locale <> a.locale))
          LIMIT $1`,
      [limit],
    );
    for (const article of stale)
      await this.indexArticle({
        tenantId: article.tenant_id,
        id: article.id,
        locale: article.locale,
        title: article.title,
        questions: article.questions,
      });
    return { indexed: stale.length, removed };
  }

  /** Forgets the article (retired, deleted). Never throws. */
  async removeArticle(tenantId: string, articleId: string): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.dataSource.query(
        `DELETE FROM article_embeddings WHERE tenant_id = $1 AND article_id = $2`,
        [tenantId, articleId],
      );
    } catch (error) {
      this.logger.error(
        { err: error, tenantId, articleId },
        'embeddings: the article could not be removed',
      );
    }
  }

  /**
   * The sweep: embeds pending rows and rows embedded under another model, and re-hashes rows
   * hashed with other LSH settings (no endpoint needed for those). Oldest first, a batch per
   * call; run it on a timer. Returns what it did; never throws for the endpoint's failures.
   */
  async reindexPending(): Promise<{ embedded: number; rehashed: number; failed: number }> {
    const client = this.client;
    const done = { embedded: 0, rehashed: 0, failed: 0 };
    if (!client) return done;
    const rows: {
      id: string;
      tenant_id: string;
      text: string;
      model: string | null;
      embedding: Buffer | null;
    }[] = await this.dataSource.query(
      `SELECT id, tenant_id, text, model, embedding FROM article_embeddings
        WHERE embedding IS NULL OR model <> $1 OR lsh IS DISTINCT FROM $2
        ORDER BY updated_at, id
        LIMIT $3`,
      [client.space, this.lshName, this.settings.sweepBatch],
    );
    const toEmbed = rows.filter((row) => row.model !== client.space || !row.embedding);
    const results = await client.embed(
      toEmbed.map((row) => row.text),
      { budgetMs: this.settings.indexBudgetMs },
    );
    const vectors = new Map(toEmbed.map((row, i) => [row.id, results[i]!]));
    for (const row of rows) {
      const result = vectors.get(row.id) ?? { vector: fromBytes(row.embedding!) };
      if ('error' in result) {
        done.failed++;
        // Still pending; its turn comes again after the others.
        await this.dataSource.query(
          `UPDATE article_embeddings
              SET attempts = attempts + 1, last_error = $2, updated_at = now()
            WHERE id = $1 AND text = $3`,
          [row.id, result.error, row.text],
        );
        continue;
      }
      const hashed = this.hashed(row.tenant_id, result.vector);
      // Matches nothing when indexArticle replaced the row meanwhile: its rows are newer.
      await this.dataSource.query(
        `UPDATE article_embeddings
            SET model = $2, embedding = $3, lsh = $4, sketch = $5::varbit, bands = $6::bigint[],
                last_error = NULL, updated_at = now()
          WHERE id = $1 AND text = $7`,
        [
          row.id,
          client.space,
          toBytes(result.vector),
          this.lshName,
          hashed.sketch,
          hashed.bands,
          row.text,
        ],
      );
      if (vectors.has(row.id)) done.embedded++;
      else done.rehashed++;
    }
    if (done.failed > 0)
      this.logger.warn(done, 'embeddings: the sweep left rows pending (the endpoint failed)');
    return done;
  }

  /**
   * The tenant's articles nearest in meaning to the query: the best of each article's texts,
   * most similar first. Finds nothing (and warns) when the endpoint cannot embed the query.
   */
  async nearest(
    tenantId: string,
    query: string,
    options: { limit: number; locale?: string | null },
  ): Promise<SemanticHit[]> {
    const client = this.client;
    const text = query.trim();
    if (!client || !text || options.limit <= 0) return [];
    try {
      // One attempt: a search waits for no retries.
      const [result] = await client.embed([text], { budgetMs: client.timeoutMs });
      if (!result || 'error' in result) {
        this.logger.warn(
          { tenantId, reason: result?.error },
          'embeddings: the query could not be embedded; searching lexically only',
        );
        return [];
      }
      const projections = project(result.vector, this.settings.lsh);
      const keys = saltedKeys(
        tenantSalt(tenantId),
        probeCodes(projections, this.settings.lsh, this.settings.probes),
      );
      const rows: { article_id: string; text: string; embedding: Buffer }[] =
        await this.dataSource.query(
          `SELECT article_id, text, embedding FROM article_embeddings
            WHERE tenant_id = $1 AND bands && $2::bigint[] AND model = $3 AND lsh = $4
              AND ($5::text IS NULL OR locale = $5)
            ORDER BY bit_count(sketch # $6::varbit), id
            LIMIT $7`,
          [
            tenantId,
            keys,
            client.space,
            this.lshName,
            options.locale ?? null,
            sketchOf(projections),
            this.settings.candidates,
          ],
        );
      const best = new Map<string, SemanticHit>();
      for (const row of rows) {
        const embedding = fromBytes(row.embedding);
        if (embedding.length !== result.vector.length) continue;
        const similarity = cosine(result.vector, embedding);
        const current = best.get(row.article_id);
        if (!current || current.similarity < similarity)
          best.set(row.article_id, { articleId: row.article_id, text: row.text, similarity });
      }
      return [...best.values()]
        .sort((a, b) => b.similarity - a.similarity || a.articleId.localeCompare(b.articleId))
        .slice(0, options.limit);
    } catch (error) {
      this.logger.error({ err: error, tenantId }, 'embeddings: the semantic search failed');
      return [];
    }
  }

  private hashed(tenantId: string, embedding: Float32Array): { sketch: string; bands: string[] } {
    const projections = project(embedding, this.settings.lsh);
    return {
      sketch: sketchOf(projections),
      bands: saltedKeys(tenantSalt(tenantId), bandCodes(projections, this.settings.lsh)),
    };
  }

  private async storedVectors(
    tenantId: string,
    articleId: string,
    model: string,
  ): Promise<Map<string, StoredVector>> {
    const rows: { text: string; embedding: Buffer }[] = await this.dataSource.query(
      `SELECT text, embedding FROM article_embeddings
        WHERE tenant_id = $1 AND article_id = $2 AND model = $3`,
      [tenantId, articleId, model],
    );
    return new Map(rows.map((row) => [row.text, { model, embedding: fromBytes(row.embedding) }]));
  }
}
