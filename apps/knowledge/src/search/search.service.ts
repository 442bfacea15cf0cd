import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SearchHit, SearchRequest } from '@tandem/contracts';
import { terms } from '@tandem/text';
import { scoreMatch } from './score-match';

const CANDIDATES = 30;

/**
 * Lexical search in Postgres: the article's segmented terms in a `simple` tsvector with a
 * GIN index find candidates; each candidate is then scored against its title and sample
 * questions, and the best question is reported.
 */
@Injectable()
export class SearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(tenantId: string, request: SearchRequest): Promise<SearchHit[]> {
    const queryTerms = [...new Set(terms(request.query))].filter((term) =>
      /^[\p{L}\p{N}'’_-]+$/u.test(term),
    );
    if (queryTerms.length === 0) return [];
    const tsquery = queryTerms.map((term) => `'${term.replace(/'/g, "''")}'`).join(' | ');
    const rows: { id: string; title: string; body: string; locale: string; questions: string[] }[] =
      await this.dataSource.query(
        `SELECT id, title, body, locale, questions
         FROM articles, to_tsquery('simple', $2) AS query
        WHERE tenant_id = $1 AND status = 'published' AND search_vector @@ query
          AND ($3::text IS NULL OR locale = $3)
        ORDER BY ts_rank(search_vector, query) DESC
        LIMIT ${CANDIDATES}`,
        [tenantId, tsquery, request.locale ?? null],
      );
    return rows
      .map((row) => {
        const match = scoreMatch(
          queryTerms,
          [row.title, ...row.questions].map((text) => ({ text, terms: terms(text) })),
        );
        return {
          articleId: row.id,
          title: row.title,
          answer: row.body,
          locale: row.locale,
          score: match.score,
          matchedQuestion: match.matchedQuestion,
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, request.limit);
  }
}
