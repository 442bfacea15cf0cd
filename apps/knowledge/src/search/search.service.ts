import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SearchHit, SearchRequest, SearchResponse } from '@tandem/contracts';
import { terms } from '@tandem/text';
import type { ChannelVariants } from '../articles/article.entity';
import { calibratedConfidence, coverageOf, evidenceOf } from './confidence';
import { EmbeddingIndex, type SemanticHit } from './embeddings/embedding-index';
import { fuseHits } from './embeddings/fuse-hits';
import { anyOf, candidateQuery } from './lexical-query';
import { scoreMatch } from './score-match';
import { SearchIndex, type IndexedArticle, type TenantIndex } from './search-index';

const CANDIDATES = 30;
/** Fewer exact candidates than this, and near spellings are looked for too. */
const TYPO_FALLBACK_BELOW = 5;
/** Articles whose segmented texts are kept between queries (least recently used go). */
const TERMS_CACHE_ENTRIES = 50_000;
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
  private readonly termsCache = new Map<string, { text: string; terms: string[] }[]>();

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
    const hits = byModel ? this.byModel(index, request) : await this.lexical(index, request);
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
    // At least two predictions, so the top one's margin over the runner-up is known.
    const ranked = index.ranker!.predict(query, Math.max(2, wanted));
    const hits: SearchHit[] = [];
    for (const [position, hit] of ranked.entries()) {
      const article = articles.get(hit.articleId);
      if (!article || (request.locale && article.locale !== request.locale)) continue;
      const texts = article.texts.map((text) => text.terms);
      const runnerUp = Math.max(
        0,
        ...ranked.filter((_, other) => other !== position).map((other) => other.probability),
      );
      const score = calibratedConfidence({
        probability: hit.probability,
        margin: hit.probability - runnerUp,
        evidence: evidenceOf(queryTerms, texts),
        similarity: hit.similarity,
        queryTerms: queryTerms.length,
        coverage: coverageOf(queryTerms, texts),
      });
      const matched = article.texts.find(({ canonical }) => canonical === hit.matchedQuestion);
      hits.push(hitOf(article, request, score, matched?.text));
      if (hits.length === request.limit) break;
    }
    return hits;
  }

  private async lexical(index: TenantIndex, request: SearchRequest): Promise<SearchHit[]> {
    const { synonyms } = index;
    const queryTerms = [...new Set(terms(synonyms.canonicalize(request.query)))].filter((term) =>
      TERM.test(term),
    );
    const expanded = new Set([...terms(request.query), ...queryTerms]);
    for (const word of synonyms.expansions(request.query))
      for (const term of terms(word)) expanded.add(term);
    const lookFor = [...expanded].filter((term) => TERM.test(term));
    if (lookFor.length === 0) return [];
    const params = [index.tenantId, request.locale ?? null, anyOf(lookFor)];
    let rows: LexicalRow[] = await this.dataSource.query(
      `SELECT id, version, title, body, locale, questions, channel_variants
         FROM articles, to_tsquery('simple', $4) AS candidates
        WHERE tenant_id = $1 AND status = 'published' AND ($2::text IS NULL OR locale = $2)
          AND search_vector @@ candidates
        ORDER BY ts_rank(search_vector, to_tsquery('simple', $3)) DESC
        LIMIT ${CANDIDATES}`,
      [...params, candidateQuery(lookFor, queryTerms, index.termStats)],
    );
    if (rows.length < TYPO_FALLBACK_BELOW) {
      // Few exact terms matched: maybe misspelt. Trigram word similarity finds near spellings.
      const near: LexicalRow[] = await this.dataSource.query(
        `SELECT id, version, title, body, locale, questions, channel_variants
           FROM articles
          WHERE tenant_id = $1 AND status = 'published' AND ($2::text IS NULL OR locale = $2)
            AND $3 <% search_text
          ORDER BY word_similarity($3, search_text) DESC
          LIMIT ${CANDIDATES}`,
        [index.tenantId, request.locale ?? null, queryTerms.join(' ')],
      );
      const seen = new Set(rows.map((row) => row.id));
      rows = [...rows, ...near.filter((row) => !seen.has(row.id))];
    }
    return rows
      .map(({ channel_variants, ...row }) => {
        const article = { ...row, channelVariants: channel_variants };
        const match = scoreMatch(queryTerms, this.textsOf(index, row));
        return hitOf(article, request, match.score, match.matchedQuestion ?? undefined);
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, request.limit);
  }

  /**
   * The title and sample questions of a candidate with their matching terms, cached by
   * article version (and the synonyms in force), so hot articles are not re-segmented on
   * every query: that was most of a lexical query's CPU at 100,000 articles.
   */
  private textsOf(
    index: TenantIndex,
    row: Pick<LexicalRow, 'id' | 'version' | 'title' | 'questions'>,
  ): { text: string; terms: string[] }[] {
    const key = `${index.synonyms.size > 0 ? index.generation : ''}:${row.id}:${row.version}`;
    let texts = this.termsCache.get(key);
    if (texts) {
      this.termsCache.delete(key);
    } else {
      texts = [row.title, ...row.questions].map((text) => ({
        text,
        terms: terms(index.synonyms.canonicalize(text)),
      }));
      if (this.termsCache.size >= TERMS_CACHE_ENTRIES)
        this.termsCache.delete(this.termsCache.keys().next().value!);
    }
    this.termsCache.set(key, texts);
    return texts;
  }
}

interface LexicalRow extends Omit<IndexedArticle, 'channelVariants' | 'texts'> {
  version: number;
  channel_variants: ChannelVariants;
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
