import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { LOGGER, PeriodicTask } from '@tandem/platform';
import { KNOWLEDGE_CONSUMER } from '../consumer-group';

export interface ArticleUsageView {
  articleId: string;
  title: string | null;
  retrievals: number;
  answers: number;
  helpful: number;
  notHelpful: number;
  /** The bot's answers with it that supervisors reviewed as right, or as wrong. */
  reviewedRight: number;
  reviewedWrong: number;
  lastRetrievedAt: string | null;
  lastAnsweredAt: string | null;
}

const RETRIEVALS_FLUSH_MS = 1_000;
const RATING_COLUMN = { helpful: 'helpful', not_helpful: 'not_helpful' } as const;

/**
 * Usage per article: how often search returned it, how often the bot answered with it (its
 * first source), what customers said of those answers (the latest rating of each reply
 * counts once), and what supervisors who reviewed answers with it said (right or wrong).
 */
@Injectable()
export class UsageService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pending = new Map<string, Map<string, number>>();
  private readonly flusher = new PeriodicTask(
    RETRIEVALS_FLUSH_MS,
    () => this.flushRetrievals(),
    (error) => this.logger.warn({ err: error }, 'retrievals flush failed'),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Counted in memory and written once a second, one statement per tenant with the article
   * ids sorted: every search writing its own increments made concurrent searches queue and
   * deadlock on the same hot rows (measured by bench/bot.ts). A lost second of counts (a
   * crash) is a small error; a slower search is not.
   */
  recordRetrievals(tenantId: string, articleIds: readonly string[]): void {
    let counts = this.pending.get(tenantId);
    if (!counts) this.pending.set(tenantId, (counts = new Map()));
    for (const id of new Set(articleIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }

  onApplicationBootstrap(): void {
    this.flusher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.flusher.stop();
    await this.flushRetrievals();
  }

  private async flushRetrievals(): Promise<void> {
    const batch = [...this.pending.entries()];
    this.pending.clear();
    for (const [tenantId, counts] of batch) {
      const ids = [...counts.keys()].sort();
      await this.dataSource
        .query(
          `INSERT INTO article_usage (tenant_id, article_id, retrievals, last_retrieved_at)
           SELECT $1, id, n, now() FROM unnest($2::text[], $3::int[]) AS counted (id, n)
           ON CONFLICT (tenant_id, article_id) DO UPDATE
             SET retrievals = article_usage.retrievals + EXCLUDED.retrievals,
                 last_retrieved_at = now()`,
          [tenantId, ids, ids.map((id) => counts.get(id)!)],
        )
        .catch((error: unknown) => this.logger.warn({ err: error }, 'retrievals not counted'));
    }
  }

  /** In the caller's transaction (the same answer may also be a content gap). */
  async answeredIn(manager: EntityManager, event: EventEnvelope<'bot.replied'>): Promise<void> {
    const [source] = event.payload.sources;
    if (!source) return;
    await manager.query(
      `INSERT INTO answer_sources (reply_id, tenant_id, article_id, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reply_id) DO NOTHING`,
      [event.payload.replyId, event.tenantId, source.articleId, event.occurredAt],
    );
    await manager.query(
      `INSERT INTO article_usage (tenant_id, article_id, answers, last_answered_at)
       VALUES ($1, $2, 1, $3)
       ON CONFLICT (tenant_id, article_id) DO UPDATE
         SET answers = article_usage.answers + 1,
             last_answered_at = GREATEST(article_usage.last_answered_at, EXCLUDED.last_answered_at)`,
      [event.tenantId, source.articleId, event.occurredAt],
    );
  }

  /** In the caller's transaction: a supervisor's verdict counts on every source of the answer. */
  async reviewedIn(manager: EntityManager, event: EventEnvelope<'answer.reviewed'>): Promise<void> {
    const ids = [...new Set(event.payload.sourceArticleIds ?? [])].sort();
    if (ids.length === 0) return;
    const column = event.payload.verdict === 'right' ? 'reviewed_right' : 'reviewed_wrong';
    await manager.query(
      `INSERT INTO article_usage (tenant_id, article_id, ${column})
       SELECT $1, id, 1 FROM unnest($2::text[]) AS reviewed (id)
       ON CONFLICT (tenant_id, article_id) DO UPDATE
         SET ${column} = article_usage.${column} + 1`,
      [event.tenantId, ids],
    );
  }

  async onRated(event: EventEnvelope<'answer.rated'>): Promise<void> {
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async ({ manager }) => {
      const [answer]: { article_id: string; rating: string | null }[] = await manager.query(
        `SELECT article_id, rating FROM answer_sources WHERE reply_id = $1 AND tenant_id = $2 FOR UPDATE`,
        [event.payload.replyId, event.tenantId],
      );
      if (!answer) {
        this.logger.info({ replyId: event.payload.replyId }, 'a rated reply used no article');
        return;
      }
      const rating = event.payload.rating;
      if (answer.rating === rating) return;
      await manager.query(`UPDATE answer_sources SET rating = $2 WHERE reply_id = $1`, [
        event.payload.replyId,
        rating,
      ]);
      const previous =
        answer.rating === 'helpful' || answer.rating === 'not_helpful'
          ? `, ${RATING_COLUMN[answer.rating]} = article_usage.${RATING_COLUMN[answer.rating]} - 1`
          : '';
      await manager.query(
        `UPDATE article_usage SET ${RATING_COLUMN[rating]} = ${RATING_COLUMN[rating]} + 1${previous}
          WHERE tenant_id = $1 AND article_id = $2`,
        [event.tenantId, answer.article_id],
      );
    });
  }

  /** The tenant's articles by use, most answers first. */
  async list(tenantId: string, limit: number): Promise<ArticleUsageView[]> {
    const rows: {
      article_id: string;
      title: string | null;
      retrievals: string;
      answers: string;
      helpful: string;
      not_helpful: string;
      reviewed_right: string;
      reviewed_wrong: string;
      last_retrieved_at: Date | null;
      last_answered_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT u.*, a.title FROM article_usage u
         LEFT JOIN articles a ON a.tenant_id = u.tenant_id AND a.id::text = u.article_id
        WHERE u.tenant_id = $1
        ORDER BY u.answers DESC, u.retrievals DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      retrievals: Number(row.retrievals),
      answers: Number(row.answers),
      helpful: Number(row.helpful),
      notHelpful: Number(row.not_helpful),
      reviewedRight: Number(row.reviewed_right),
      reviewedWrong: Number(row.reviewed_wrong),
      lastRetrievedAt: row.last_retrieved_at ? new Date(row.last_retrieved_at).toISOString() : null,
      lastAnsweredAt: row.last_answered_at ? new Date(row.last_answered_at).toISOString() : null,
    }));
  }
}
