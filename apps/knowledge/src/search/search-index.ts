import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChannelVariants } from '../articles/article.entity';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import { terms } from '@tandem/text';
import type { KnowledgeConfig } from '../config';
import type { Ranker } from './ranker/ranker';
import { RankerTrainer } from './ranker-trainer';
import { Synonyms } from './synonyms/synonyms';
import { SynonymsService } from './synonyms/synonyms.service';

/** A published article as search serves it. */
export interface IndexedArticle {
  id: string;
  title: string;
  body: string;
  locale: string;
  questions: string[];
  channelVariants: ChannelVariants;
  /** The title and each sample question with its matching terms (synonyms applied). */
  texts: { text: string; canonical: string; terms: string[] }[];
}

/**
 * What one replica knows of a tenant's searchable content at one generation: its synonyms
 * and, for a knowledge base the model takes, its published articles and the ranker trained
 * on them (null while it trains, or when the base is too large and search stays lexical).
 */
export interface TenantIndex {
  tenantId: string;
  generation: string;
  synonyms: Synonyms;
  articles: ReadonlyMap<string, IndexedArticle> | null;
  ranker: Ranker | null;
  /** For a base searched lexically: how many published articles hold each term. */
  termStats: TermStats | null;
  bytes: number;
}

/**
 * Document frequencies of a tenant's terms, for choosing the rare ones a lexical query
 * finds candidates with. They only steer candidate selection, so a copy a few minutes old
 * serves as well as a fresh one (refreshed after `TERM_STATS_MAX_AGE_MS` once the
 * generation has moved).
 */
export interface TermStats {
  documents: number;
  df: ReadonlyMap<string, number>;
  computedAt: number;
}

const TERM_STATS_MAX_AGE_MS = 5 * 60_000;

/**
 * Per-tenant in-memory indexes, kept current by the tenant's search generation (a counter
 * a database trigger bumps with every change to a published article or to the synonyms):
 * one primary-key read per search tells whether this replica's copy is still the truth.
 * A stale copy is rebuilt; until its new ranker is trained, search answers lexically, so
 * a publish or a retire changes answers at once. Least recently used tenants' models are
 * dropped beyond the memory budget and retrained when asked for again.
 */
@Injectable()
export class SearchIndex {
  private readonly tenants = new Map<string, TenantIndex>();
  private readonly building = new Map<string, Promise<TenantIndex>>();
  private readonly trainer = new RankerTrainer();

  constructor(
    private readonly dataSource: DataSource,
    private readonly synonymsService: SynonymsService,
    @Inject(APP_CONFIG) private readonly config: KnowledgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async current(tenantId: string): Promise<TenantIndex> {
    const generation = await this.generationOf(tenantId);
    const cached = this.tenants.get(tenantId);
    if (cached?.generation === generation) {
      this.tenants.delete(tenantId);
      this.tenants.set(tenantId, cached); // most recently used last
      return cached;
    }
    const key = `${tenantId}:${generation}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(tenantId, generation).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private async generationOf(tenantId: string): Promise<string> {
    const rows: { generation: string }[] = await this.dataSource.query(
      `SELECT generation::text AS generation FROM search_generations WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.generation ?? '0';
  }

  private async build(tenantId: string, generation: string): Promise<TenantIndex> {
    const synonyms = await this.synonymsService.of(tenantId);
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM articles WHERE tenant_id = $1 AND status = 'published'`,
      [tenantId],
    )) as [{ count: number }];
    const index: TenantIndex = {
      tenantId,
      generation,
      synonyms,
      articles: null,
      ranker: null,
      termStats: null,
      bytes: 0,
    };
    if (count === 0 || count > this.config.SEARCH_RANKER_MAX_ARTICLES) {
      if (count > 0) index.termStats = await this.termStatsOf(tenantId);
      this.remember(index);
      return index;
    }
    const rows: (Omit<IndexedArticle, 'channelVariants' | 'texts'> & {
      channel_variants: ChannelVariants;
    })[] = await this.dataSource.query(
      `SELECT id, title, body, locale, questions, channel_variants
           FROM articles WHERE tenant_id = $1 AND status = 'published' ORDER BY id`,
      [tenantId],
    );
    index.articles = new Map(
      rows.map(({ channel_variants, ...row }) => [
        row.id,
        {
          ...row,
          channelVariants: channel_variants,
          texts: [row.title, ...row.questions].map((text) => {
            const canonical = synonyms.canonicalize(text);
            return { text, canonical, terms: terms(canonical) };
          }),
        },
      ]),
    );
    this.remember(index);
    const startedAt = Date.now();
    const training = this.trainer
      .train(
        [...index.articles.values()].map(({ id, texts }) => ({
          id,
          title: texts[0]!.canonical,
          questions: texts.slice(1).map(({ canonical }) => canonical),
        })),
      )
      .then((ranker) => {
        index.ranker = ranker;
        index.bytes = bytesOf(ranker.toState());
        this.logger.info(
          { tenantId, generation, articles: rows.length, ms: Date.now() - startedAt },
          'search model trained',
        );
        this.evictBeyondBudget();
      })
      .catch((error: unknown) =>
        this.logger.error({ err: error, tenantId }, 'search model failed to train; lexical only'),
      );
    await Promise.race([training, delay(this.config.SEARCH_TRAIN_WAIT_MS)]);
    return index;
  }

  private async termStatsOf(tenantId: string): Promise<TermStats> {
    const previous = this.tenants.get(tenantId)?.termStats;
    if (previous && Date.now() - previous.computedAt < TERM_STATS_MAX_AGE_MS) return previous;
    const rows: { term: string; df: number }[] = await this.dataSource.query(
      `SELECT term, count(*)::int AS df
         FROM articles, unnest(tsvector_to_array(search_vector)) AS term
        WHERE tenant_id = $1 AND status = 'published'
        GROUP BY term`,
      [tenantId],
    );
    const [{ documents }] = (await this.dataSource.query(
      `SELECT count(*)::int AS documents FROM articles WHERE tenant_id = $1 AND status = 'published'`,
      [tenantId],
    )) as [{ documents: number }];
    return {
      documents,
      df: new Map(rows.map(({ term, df }) => [term, df])),
      computedAt: Date.now(),
    };
  }

  private remember(index: TenantIndex): void {
    const current = this.tenants.get(index.tenantId);
    // A slower build of an older generation never replaces a newer one.
    if (current && BigInt(current.generation) > BigInt(index.generation)) return;
    this.tenants.delete(index.tenantId);
    this.tenants.set(index.tenantId, index);
  }

  private evictBeyondBudget(): void {
    const budget = this.config.SEARCH_MODEL_MEMORY_MB * 1024 * 1024;
    let total = 0;
    for (const index of this.tenants.values()) total += index.bytes;
    for (const [tenantId, index] of this.tenants) {
      if (total <= budget) break;
      total -= index.bytes;
      this.tenants.delete(tenantId); // rebuilt on its next search
      this.logger.info({ tenantId }, 'search model evicted (memory budget)');
    }
  }
}

function bytesOf(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + bytesOf(item), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce((sum: number, item) => sum + bytesOf(item), 0);
  return typeof value === 'string' ? value.length * 2 : 8;
}
