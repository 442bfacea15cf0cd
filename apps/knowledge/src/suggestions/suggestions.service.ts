import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { terms } from '@tandem/text';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import { ArticlesService } from '../articles/articles.service';
import type { KnowledgeConfig } from '../config';
import type { DraftArticle } from '../learning/draft-from-case';
import { evidenceOf } from '../search/confidence';
import { SearchService } from '../search/search.service';

const PENDING_CANDIDATES = 50;
const TERM = /^[\p{L}\p{N}'’_-]+$/u;

export interface Duplicate {
  articleId: string;
  title: string;
  score: number;
}

export interface SuggestionView {
  id: string;
  articleId: string;
  articleTitle: string | null;
  questions: string[];
  proposedAnswer: string;
  score: number;
  sourceConversationId: string | null;
  status: 'pending' | 'accepted' | 'rejected';
  createdAt: string;
}

/**
 * Learned knowledge that an article already covers: before a resolved case becomes a new
 * draft, its questions are searched among published articles; a close enough match turns it
 * into a suggestion for that article (its questions as new sample questions, the agent's
 * answer as a proposed edit) for a supervisor to accept or reject.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchService,
    private readonly articles: ArticlesService,
    @Inject(APP_CONFIG) private readonly config: KnowledgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The article that already answers the draft's main question, if any: a published one
   * as search finds it, else one still waiting for review (a draft or in review), so two
   * cases about the same new question make one draft and a suggestion for it, not two.
   * Articles in `exclude` are never the duplicate (a reviewed answer's own sources: they
   * answered the question, wrongly).
   */
  async duplicateOf(
    tenantId: string,
    draft: DraftArticle,
    exclude: readonly string[] = [],
  ): Promise<Duplicate | null> {
    const [main] = draft.questions;
    if (!main) return null;
    const { hits } = await this.search.search(tenantId, { query: main, limit: 1 + exclude.length });
    const hit = hits.find((candidate) => !exclude.includes(candidate.articleId));
    if (hit && hit.score >= this.config.DEDUPE_THRESHOLD)
      return { articleId: hit.articleId, title: hit.title, score: hit.score };
    return this.pendingDuplicateOf(tenantId, main);
  }

  private async pendingDuplicateOf(tenantId: string, question: string): Promise<Duplicate | null> {
    const questionTerms = [...new Set(terms(question))].filter((term) => TERM.test(term));
    if (questionTerms.length === 0) return null;
    const rows: { id: string; title: string; questions: string[] }[] = await this.dataSource.query(
      `SELECT id, title, questions FROM articles
        WHERE tenant_id = $1 AND status IN ('draft', 'in_review')
          AND search_vector @@ to_tsquery('simple', $2)
        ORDER BY updated_at DESC LIMIT ${PENDING_CANDIDATES}`,
      [tenantId, questionTerms.map((term) => `'${term.replace(/'/g, "''")}'`).join(' | ')],
    );
    let best: Duplicate | null = null;
    for (const row of rows) {
      const score = evidenceOf(
        questionTerms,
        [row.title, ...row.questions].map((text) => terms(text)),
      );
      if (score >= this.config.DEDUPE_THRESHOLD && score > (best?.score ?? 0))
        best = { articleId: row.id, title: row.title, score: Math.round(score * 1000) / 1000 };
    }
    return best;
  }

  async suggest(
    manager: EntityManager,
    tenantId: string,
    duplicate: Duplicate,
    draft: DraftArticle,
    sourceConversationId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO article_suggestions (id, tenant_id, article_id, questions, proposed_answer, score, source_conversation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomUUID(),
        tenantId,
        duplicate.articleId,
        draft.questions,
        draft.body,
        duplicate.score,
        sourceConversationId,
      ],
    );
    this.logger.info(
      { articleId: duplicate.articleId, score: duplicate.score },
      'a resolved case became a suggestion for an existing article',
    );
  }

  async list(tenantId: string, status: SuggestionView['status']): Promise<SuggestionView[]> {
    const rows: {
      id: string;
      article_id: string;
      title: string | null;
      questions: string[];
      proposed_answer: string;
      score: number;
      source_conversation_id: string | null;
      status: SuggestionView['status'];
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT s.*, a.title FROM article_suggestions s
         LEFT JOIN articles a ON a.tenant_id = s.tenant_id AND a.id::text = s.article_id
        WHERE s.tenant_id = $1 AND s.status = $2 ORDER BY s.created_at DESC LIMIT 200`,
      [tenantId, status],
    );
    return rows.map((row) => ({
      id: row.id,
      articleId: row.article_id,
      articleTitle: row.title,
      questions: row.questions,
      proposedAnswer: row.proposed_answer,
      score: row.score,
      sourceConversationId: row.source_conversation_id,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  /** Accepting adds the suggested questions the article does not have yet. */
  async decide(
    tenantId: string,
    id: string,
    decision: 'accepted' | 'rejected',
    actor: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [suggestion]: { article_id: string; questions: string[]; status: string }[] =
        /^[0-9a-f-]{36}$/i.test(id)
          ? await manager.query(
              `SELECT article_id, questions, status FROM article_suggestions
                WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
              [tenantId, id],
            )
          : [];
      if (!suggestion)
        throw new ProblemException(404, 'KNOWLEDGE.SUGGESTION_NOT_FOUND', `No suggestion ${id}.`);
      if (suggestion.status !== 'pending')
        throw new ProblemException(
          409,
          'KNOWLEDGE.SUGGESTION_DECIDED',
          `The suggestion was ${suggestion.status} already.`,
        );
      if (decision === 'accepted')
        await this.articles.addQuestions(
          tenantId,
          suggestion.article_id,
          suggestion.questions,
          actor,
          manager,
        );
      await manager.query(
        `UPDATE article_suggestions SET status = $3, decided_by = $4, decided_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, decision, actor],
      );
    });
  }
}
