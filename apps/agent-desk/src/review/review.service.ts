import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { createEvent, ERASED_TEXT, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { LOGGER, ProblemException } from '@tandem/platform';
import { SettingsService } from '../settings/settings.service';
import { ReviewItem, ReviewQuestion } from './review-item.entity';
import {
  isPoorCsat,
  REVIEW_REASONS,
  reasonsAfterPoorCsat,
  reasonsAfterRating,
  reasonsForAnswer,
  type ReviewReason,
} from './review-reasons';
import type {
  ReviewItemView,
  ReviewList,
  ReviewListQuery,
  ReviewVerdictBody,
} from './review.schemas';

/** The review queue's consumer group (and inbox name): a projection rebuilt on its own. */
export const REVIEW_CONSUMER = 'agent-desk-review';

/** Answers nobody flagged are kept this long, in case a rating or a poor CSAT comes later. */
export const REVIEW_KEEP_UNFLAGGED_DAYS = 30;

/** Articles use 'und' for a language the bot could not tell. */
function localeOf(language: ReviewItem['language']): string {
  return language === 'other' ? 'und' : language;
}

function viewOf(item: ReviewItem): ReviewItemView {
  return {
    id: item.replyId,
    conversationId: item.conversationId,
    customerId: item.customerId,
    question: item.question,
    answer: item.answer,
    language: item.language,
    confidence: item.confidence,
    sources: item.sources,
    reasons: item.reasons as ReviewReason[],
    rating: item.rating,
    answeredAt: item.answeredAt.toISOString(),
    flaggedAt: (item.flaggedAt ?? item.answeredAt).toISOString(),
    status: item.status,
    verdict: item.verdict,
    correction: item.correction,
    reviewerId: item.reviewerId,
    reviewedAt: item.reviewedAt?.toISOString() ?? null,
  };
}

function encodeCursor(item: ReviewItem): string {
  return Buffer.from(JSON.stringify([item.answeredAt.toISOString(), item.replyId])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { at: string; replyId: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'string' &&
      !Number.isNaN(Date.parse(decoded[0])) &&
      typeof decoded[1] === 'string'
    )
      return { at: decoded[0], replyId: decoded[1] };
  } catch {
    // Falls through to the problem below.
  }
  throw new ProblemException(
    400,
    'DESK.INVALID_REVIEW_QUERY',
    'The cursor is not one this API returned.',
  );
}

/**
 * Human supervision of the bot: a projection of its answers from the log (each with the
 * question it answered), the queue of those with reasons to look at, and the verdicts
 * supervisors give, which go on the log as `answer.reviewed` for the knowledge service.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: SettingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The customer's latest words in the conversation: the question the next answer answers. */
  async asked(event: EventEnvelope<'message.received'>): Promise<void> {
    const { payload } = event;
    const text = payload.text.trim();
    // An attachment alone asks nothing: the question stays the last one in words. An erased
    // customer's words (a rebuild reads them unreadable) are not kept at all.
    if (!text || text === ERASED_TEXT) return;
    await this.unitOfWork.handleOnce(REVIEW_CONSUMER, event, async (tx) => {
      await tx.manager.query(
        `INSERT INTO review_questions (tenant_id, conversation_id, message_id, customer_id, text, at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, conversation_id) DO UPDATE
           SET message_id = EXCLUDED.message_id, customer_id = EXCLUDED.customer_id,
               text = EXCLUDED.text, at = EXCLUDED.at
         WHERE review_questions.at <= EXCLUDED.at`,
        [
          event.tenantId,
          event.aggregateId,
          payload.messageId,
          event.customerId ?? payload.customer.id,
          text,
          event.occurredAt,
        ],
      );
    });
  }

  /** Every answer is remembered; those with a reason are in the queue at once. */
  async answered(event: EventEnvelope<'bot.replied'>): Promise<void> {
    const { payload } = event;
    // A notice is no answer; an erased customer's answers (a rebuild) are not kept.
    if (payload.kind !== 'answer' || payload.text === ERASED_TEXT) return;
    const { review } = await this.settings.of(event.tenantId);
    await this.unitOfWork.handleOnce(REVIEW_CONSUMER, event, async (tx) => {
      const question = await tx.manager.findOneBy(ReviewQuestion, {
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
      });
      const customerId = event.customerId ?? question?.customerId;
      if (!customerId) {
        // Its text could never be sealed on answer.reviewed; the bot always names the customer.
        this.logger.warn({ replyId: payload.replyId }, 'an answer without a customer: not kept');
        return;
      }
      const reasons = reasonsForAnswer(payload, review);
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(ReviewItem)
        .values({
          tenantId: event.tenantId,
          replyId: payload.replyId,
          conversationId: event.aggregateId,
          customerId,
          question: question?.text ?? '',
          answer: payload.text,
          language: payload.language,
          confidence: payload.confidence,
          sources: payload.sources,
          answeredAt: new Date(event.occurredAt),
          reasons,
          flaggedAt: reasons.length > 0 ? new Date(event.occurredAt) : null,
          rating: null,
          status: 'pending',
          verdict: null,
          correction: null,
          reviewerId: null,
          reviewedAt: null,
        })
        .orIgnore()
        .execute();
    });
  }

  /** "Not helpful" queues the answer (or adds the reason); a later "helpful" takes it back. */
  async rated(event: EventEnvelope<'answer.rated'>): Promise<void> {
    await this.unitOfWork.handleOnce(REVIEW_CONSUMER, event, async (tx) => {
      const item = await tx.manager.findOne(ReviewItem, {
        where: { tenantId: event.tenantId, replyId: event.payload.replyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) {
        this.logger.info(
          { replyId: event.payload.replyId },
          'a rated reply is not a remembered answer',
        );
        return;
      }
      item.rating = event.payload.rating;
      if (item.status === 'pending')
        this.flag(item, reasonsAfterRating(item.reasons, event.payload.rating), event);
      await tx.manager.save(item);
    });
  }

  /** A poor CSAT flags every pending answer of the bot in that conversation. */
  async surveyed(event: EventEnvelope<'survey.answered'>): Promise<void> {
    if (!isPoorCsat(event.payload)) return;
    await this.unitOfWork.handleOnce(REVIEW_CONSUMER, event, async (tx) => {
      const items = await tx.manager.find(ReviewItem, {
        where: { tenantId: event.tenantId, conversationId: event.aggregateId, status: 'pending' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const item of items) {
        this.flag(item, reasonsAfterPoorCsat(item.reasons), event);
        await tx.manager.save(item);
      }
    });
  }

  /** An erased customer's answers and questions go, reviewed or not. */
  async erase(event: EventEnvelope<'customer.erased'>): Promise<void> {
    await this.unitOfWork.handleOnce(REVIEW_CONSUMER, event, async (tx) => {
      const { customerId, mergedCustomerIds, conversationIds } = event.payload;
      const customers = [customerId, ...mergedCustomerIds];
      for (const table of ['review_items', 'review_questions'])
        await tx.manager.query(
          `DELETE FROM ${table}
            WHERE tenant_id = $1 AND (customer_id = ANY($2) OR conversation_id = ANY($3))`,
          [event.tenantId, customers, conversationIds],
        );
    });
  }

  /** Forgets answers nobody flagged, and questions, older than the keeping time. */
  async prune(now: Date = new Date()): Promise<void> {
    const before = new Date(now.getTime() - REVIEW_KEEP_UNFLAGGED_DAYS * 86_400_000);
    await this.dataSource.query(
      `DELETE FROM review_items WHERE reasons = '{}' AND answered_at < $1`,
      [before],
    );
    await this.dataSource.query(`DELETE FROM review_questions WHERE at < $1`, [before]);
  }

  async list(tenantId: string, query: ReviewListQuery): Promise<ReviewList> {
    const builder = this.dataSource
      .getRepository(ReviewItem)
      .createQueryBuilder('item')
      .where('item.tenant_id = :tenantId', { tenantId })
      .andWhere('item.status = :status', { status: query.status })
      .andWhere(`item.reasons <> '{}'`);
    if (query.reason) builder.andWhere(':reason = ANY(item.reasons)', { reason: query.reason });
    if (query.cursor) {
      const { at, replyId } = decodeCursor(query.cursor);
      builder.andWhere('(item.answered_at, item.reply_id) < (:at::timestamptz, :replyId)', {
        at,
        replyId,
      });
    }
    const rows = await builder
      .orderBy('item.answered_at', 'DESC')
      .addOrderBy('item.reply_id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const counted: { reason: string; n: string }[] = await this.dataSource.query(
      `SELECT reason, count(*) AS n FROM review_items, unnest(reasons) AS reason
        WHERE tenant_id = $1 AND status = $2 GROUP BY reason`,
      [tenantId, query.status],
    );
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM review_items
        WHERE tenant_id = $1 AND status = $2 AND reasons <> '{}'`,
      [tenantId, query.status],
    )) as [{ total: number }];
    const counts = Object.fromEntries(REVIEW_REASONS.map((reason) => [reason, 0])) as Record<
      ReviewReason,
      number
    >;
    for (const row of counted)
      if (row.reason in counts) counts[row.reason as ReviewReason] = Number(row.n);
    return {
      items: page.map(viewOf),
      counts,
      total,
      nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!) : null,
    };
  }

  async get(tenantId: string, id: string): Promise<ReviewItemView> {
    return viewOf(await this.itemOf(this.dataSource.manager, tenantId, id));
  }

  /**
   * A supervisor's verdict, once per answer: the item is reviewed and `answer.reviewed` goes
   * on the log in the same transaction (its texts sealed for the customer).
   */
  async judge(principal: Principal, id: string, body: ReviewVerdictBody): Promise<ReviewItemView> {
    return this.unitOfWork.run(async (tx) => {
      const item = await this.itemOf(tx.manager, principal.tenantId, id, true);
      if (item.status === 'reviewed')
        throw new ProblemException(
          409,
          'DESK.REVIEW_ALREADY_DONE',
          `The answer was reviewed already (${item.verdict ?? 'no verdict'}).`,
        );
      const event = createEvent('answer.reviewed', {
        tenantId: principal.tenantId,
        aggregateId: item.conversationId,
        customerId: item.customerId,
        payload: {
          replyId: item.replyId,
          verdict: body.verdict,
          question: item.question,
          answer: item.answer,
          correction: body.correction ?? null,
          locale: localeOf(item.language),
          reviewerId: principal.subject,
          sourceArticleIds: item.sources.map((source) => source.articleId),
        },
      });
      item.status = 'reviewed';
      item.verdict = body.verdict;
      item.correction = body.correction ?? null;
      item.reviewerId = principal.subject;
      item.reviewedAt = new Date(event.occurredAt);
      await tx.manager.save(item);
      tx.emit(event);
      return viewOf(item);
    });
  }

  private flag(item: ReviewItem, reasons: ReviewReason[], event: EventEnvelope): void {
    item.reasons = reasons;
    if (reasons.length === 0) item.flaggedAt = null;
    else item.flaggedAt ??= new Date(event.occurredAt);
  }

  /** An answer in the queue (one with reasons); the others are not the supervisors' to see. */
  private async itemOf(
    manager: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<ReviewItem> {
    const item = await manager.findOne(ReviewItem, {
      where: { tenantId, replyId: id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!item || item.reasons.length === 0)
      throw new ProblemException(404, 'DESK.REVIEW_NOT_FOUND', `No answer ${id} in review.`);
    return item;
  }
}
