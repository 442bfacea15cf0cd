import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SearchHit, SearchRequest, SearchResponse } from '@tandem/contracts';
import { terms } from '@tandem/text';
import type { ChannelVariants } from '../articles/article.entity';
import { confidenceOf, evidenceOf } from './confidence';
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
  ) {}

  async search(tenantId: string, request: SearchRequest): Promise<SearchResponse> {
    const index = await this.index.current(tenantId);
    if (index.ranker && index.articles)
      return { hits: this.byModel(index, request), ranking: 'model' };
    return { hits: await this.lexical(tenantId, index.synonyms, request), ranking: 'lexical' };
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

function hitOf(
  article: Pick<IndexedArticle, 'id' | 'title' | 'body' | 'locale' | 'channelVariants'>,
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
