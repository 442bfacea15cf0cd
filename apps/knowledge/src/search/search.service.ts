import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SearchHit, SearchRequest, SearchResponse } from '@tandem/contracts';
import { terms } from '@tandem/text';
import type { ChannelVariants } from '../articles/article.entity';
import { confidenceOf, evidenceOf } from './confidence';
import { EmbeddingIndex, type SemanticHit } from './embeddings/embedding-index';
import { fuseHits } from './embeddings/fuse-hits';
import { scoreMatch } from './score-match';
import { SearchIndex, type IndexedArticle, type TenantIndex } from './search-index';
import type { Synonyms } from './synonyms/synonyms';

const CANDIDATES = 30;
/** Extra predictions asked of the model when a locale filter may drop some. */
const LOCALE_SLACK = 20;
const TERM = /^[\p{L}\p{N}'’_-]+$/u;

/**
 * One search for the bot and agent assist. A tenant whose published articles the model
 * takes is ranked by the classifier trained on their sample questions (see docs/search.md);
 * otherwise, and while that model retrains, by lexical search in Postgres: segmented terms
 * in a `simple` tsvector (GIN) plus trigram word similarity for typos, candidates rescored
 * against each title and sample question. Synonyms apply on both paths.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndex,
    private readonly embeddings: EmbeddingIndex,
  ) {}

  async search(tenantId: string, request: SearchRequest): Promise<SearchResponse> {
    const semantic = this.embeddings.enabled
      ? this.embeddings.nearest(tenantId, request.query, {
          limit: request.limit * 2,
          locale: request.locale ?? null,
        })
      : Promise.resolve([]);
    const index = await this.index.current(tenantId);
    const byModel = index.ranker !== null && index.articles !== null;
    const hits = byModel
      ? this.byModel(index, request)
      : await this.lexical(tenantId, index.synonyms, request);
    const ranking = byModel ? 'model' : 'lexical';
    const nearest = await semantic;
    if (nearest.length === 0) return { hits, ranking };
    return { hits: await this.fused(tenantId, index, request, hits, nearest), ranking };
  }

  /**
   * With embeddings configured, an article scores the better of its ranked score and its
   * semantic one; articles only the embeddings found join the list if still published.
   */
  private async fused(
    tenantId: string,
    index: TenantIndex,
    request: SearchRequest,
    hits: SearchHit[],
    nearest: SemanticHit[],
  ): Promise<SearchHit[]> {
    const fused = fuseHits(hits, nearest, request.limit);
    const known = new Map(hits.map((hit) => [hit.articleId, hit]));
    const missing = fused.map((hit) => hit.articleId).filter((id) => !known.has(id));
    const articles = new Map<string, Pick<IndexedArticle, ArticleFields>>();
    for (const id of missing) {
      const article = index.articles?.get(id);
      if (article) articles.set(id, article);
    }
    const toLoad = missing.filter((id) => !articles.has(id));
    if (toLoad.length > 0) {
      const rows: (Omit<IndexedArticle, 'channelVariants' | 'texts'> & {
        channel_variants: ChannelVariants;
      })[] = await this.dataSource.query(
        `SELECT id, title, body, locale, channel_variants FROM articles
          WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'published'`,
        [tenantId, toLoad],
      );
      for (const { channel_variants, ...row } of rows)
        articles.set(row.id, { ...row, channelVariants: channel_variants });
    }
    return fused.flatMap((hit) => {
      const found = known.get(hit.articleId);
      if (found) return [{ ...found, score: hit.score, matchedQuestion: hit.matchedQuestion }];
      const article = articles.get(hit.articleId);
      if (!article || (request.locale && article.locale !== request.locale)) return [];
      return [hitOf(article, request, hit.score, hit.matchedQuestion ?? undefined)];
    });
  }

  private byModel(index: TenantIndex, request: SearchRequest): SearchHit[] {
    const articles = index.articles!;
    const query = index.synonyms.canonicalize(request.query);
    const queryTerms = terms(query);
    const wanted = Math.min(articles.size, request.limit + (request.locale ? LOCALE_SLACK : 0));
    const hits: SearchHit[] = [];
    for (const ranked of index.ranker!.predict(query, wanted)) {
      const article = articles.get(ranked.articleId);
      if (!article || (request.locale && article.locale !== request.locale)) continue;
      const matched = article.texts.find(({ canonical }) => canonical === ranked.matchedQuestion);
      const evidence = evidenceOf(
        queryTerms,
        article.texts.map((text) => text.terms),
      );
      hits.push(hitOf(article, request, confidenceOf(ranked.probability, evidence), matched?.text));
      if (hits.length === request.limit) break;
    }
    return hits;
  }

  private async lexical(
    tenantId: string,
    synonyms: Synonyms,
    request: SearchRequest,
  ): Promise<SearchHit[]> {
    const queryTerms = [...new Set(terms(synonyms.canonicalize(request.query)))].filter((term) =>
      TERM.test(term),
    );
    const expanded = new Set([...terms(request.query), ...queryTerms]);
    for (const word of synonyms.expansions(request.query))
      for (const term of terms(word)) expanded.add(term);
    const lookFor = [...expanded].filter((term) => TERM.test(term));
    if (lookFor.length === 0) return [];
    const tsquery = lookFor.map((term) => `'${term.replace(/'/g, "''")}'`).join(' | ');
    const rows: (Omit<IndexedArticle, 'channelVariants' | 'texts'> & {
      channel_variants: ChannelVariants;
    })[] = await this.dataSource.query(
      `SELECT id, title, body, locale, questions, channel_variants
           FROM articles, to_tsquery('simple', $2) AS query
          WHERE tenant_id = $1 AND status = 'published'
            AND ($3::text IS NULL OR locale = $3)
            AND (search_vector @@ query OR $4 <% search_text)
          ORDER BY ts_rank(search_vector, query) + word_similarity($4, search_text) DESC
          LIMIT ${CANDIDATES}`,
      [tenantId, tsquery, request.locale ?? null, queryTerms.join(' ')],
    );
    return rows
      .map(({ channel_variants, ...row }) => {
        const article = { ...row, channelVariants: channel_variants };
        const match = scoreMatch(
          queryTerms,
          [row.title, ...row.questions].map((text) => ({
            text,
            terms: terms(synonyms.canonicalize(text)),
          })),
        );
        return hitOf(article, request, match.score, match.matchedQuestion ?? undefined);
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, request.limit);
  }
}

type ArticleFields = 'id' | 'title' | 'body' | 'locale' | 'channelVariants';

function hitOf(
  article: Pick<IndexedArticle, ArticleFields>,
  request: SearchRequest,
  score: number,
  matchedQuestion: string | undefined,
): SearchHit {
  const variant = request.channel ? article.channelVariants[request.channel] : undefined;
  return {
    articleId: article.id,
    title: article.title,
    answer: variant ?? article.body,
    locale: article.locale,
    score,
    matchedQuestion: matchedQuestion ?? null,
  };
}
