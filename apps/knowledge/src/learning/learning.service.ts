import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, ERASED_TEXT, type EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { LOGGER } from '@tandem/platform';
import { ArticlesService } from '../articles/articles.service';
import { GapsService } from '../gaps/gaps.service';
import { UsageService } from '../usage/usage.service';
import { CaseMessage } from './case-message.entity';
import type { DraftArticle } from './draft-from-case';
import { draftFromReview } from './draft-from-review';
import { CaseSummarizer } from './summarize-case';
import { SuggestionsService } from '../suggestions/suggestions.service';

export { KNOWLEDGE_CONSUMER } from '../consumer-group';
import { KNOWLEDGE_CONSUMER } from '../consumer-group';

/**
 * The learning loop: every case a person resolves, and every correction a supervisor writes
 * for one of the bot's answers, becomes a draft article for review.
 */
@Injectable()
export class LearningService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly articles: ArticlesService,
    private readonly gaps: GapsService,
    private readonly dataSource: DataSource,
    private readonly summarizer: CaseSummarizer,
    private readonly suggestions: SuggestionsService,
    private readonly usage: UsageService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * An erased customer's cases are deleted, and so are drafts learned from them that nobody
   * reviewed yet; reviewed articles (checked for personal data by a person) stay, unlinked.
   */
  async erase(event: EventEnvelope<'customer.erased'>): Promise<void> {
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async (tx) => {
      const ids = event.payload.conversationIds;
      await tx.manager.query(
        `DELETE FROM case_messages WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await this.gaps.erase(tx.manager, event.tenantId, ids);
      // Suggestions nobody reviewed yet quote the customer; accepted ones were checked by a person.
      await tx.manager.query(
        `DELETE FROM article_suggestions WHERE tenant_id = $1 AND status = 'pending' AND source_conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await tx.manager.query(
        `UPDATE article_suggestions SET source_conversation_id = NULL WHERE tenant_id = $1 AND source_conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await tx.manager.query(
        // Drafts and rejected drafts were never reviewed into a general answer: they quote the customer.
        `DELETE FROM articles WHERE tenant_id = $1 AND status IN ('draft', 'rejected') AND source_conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await tx.manager.query(
        `UPDATE articles SET source_conversation_id = NULL WHERE tenant_id = $1 AND source_conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
    });
  }

  async record(event: EventEnvelope<'message.received' | 'agent.replied'>): Promise<void> {
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async (tx) => {
      const line =
        event.type === 'message.received'
          ? {
              messageId: (event as EventEnvelope<'message.received'>).payload.messageId,
              role: 'customer' as const,
            }
          : {
              messageId: (event as EventEnvelope<'agent.replied'>).payload.replyId,
              role: 'agent' as const,
            };
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(CaseMessage)
        .values({
          ...line,
          tenantId: event.tenantId,
          conversationId: event.aggregateId,
          text: event.payload.text,
          at: new Date(event.occurredAt),
        })
        .orIgnore()
        .execute();
    });
  }

  async onResolved(event: EventEnvelope<'conversation.resolved'>): Promise<void> {
    // Drafted before the transaction: a model's answer may take seconds, a transaction must not.
    if (await this.handled(event)) return;
    const lines = await this.dataSource.getRepository(CaseMessage).find({
      where: { tenantId: event.tenantId, conversationId: event.aggregateId },
      order: { at: 'ASC' },
    });
    const drafted = await this.summarizer.draft(lines, event.payload.note);
    if (!drafted) this.logger.info('resolved case has nothing to learn from');
    await this.learn(event, drafted, { source: 'learned', sourceRef: null, exclude: [] });
  }

  /**
   * A supervisor's review of one of the bot's answers: a correction becomes a draft (or a
   * suggestion for an article that already answers the question, never the answer's own
   * sources, which answered it wrongly); every verdict counts on the answer's sources.
   */
  async onReviewed(event: EventEnvelope<'answer.reviewed'>): Promise<void> {
    if (await this.handled(event)) return;
    const { payload } = event;
    // Erased since the verdict (the texts read as ERASED_TEXT): nothing of theirs is drafted.
    const erased = payload.correction === ERASED_TEXT || payload.question === ERASED_TEXT;
    const draft =
      payload.verdict === 'wrong' && payload.correction && !erased
        ? draftFromReview({
            question: payload.question,
            correction: payload.correction,
            locale: payload.locale,
          })
        : null;
    await this.learn(
      event,
      draft && { draft, method: 'review' },
      { source: 'review', sourceRef: payload.replyId, exclude: payload.sourceArticleIds ?? [] },
      (tx) => this.usage.reviewedIn(tx.manager, event),
    );
  }

  private async handled(event: EventEnvelope): Promise<boolean> {
    const [done]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`,
      [KNOWLEDGE_CONSUMER, event.id],
    );
    return done !== undefined;
  }

  /**
   * The one drafting path of the learning loop: a draft that an article already covers
   * becomes a suggestion for that article, any other a new draft article for review
   * (`article.drafted`), linked to its conversation so erasing the customer deletes it.
   */
  private async learn(
    event: EventEnvelope,
    drafted: { draft: DraftArticle; method: string } | null,
    origin: { source: 'learned' | 'review'; sourceRef: string | null; exclude: readonly string[] },
    alsoInTransaction?: (tx: Tx) => Promise<void>,
  ): Promise<void> {
    const duplicate = drafted
      ? await this.suggestions.duplicateOf(event.tenantId, drafted.draft, origin.exclude)
      : null;
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async (tx) => {
      await alsoInTransaction?.(tx);
      if (!drafted) return;
      const { draft, method } = drafted;
      if (duplicate) {
        await this.suggestions.suggest(
          tx.manager,
          event.tenantId,
          duplicate,
          draft,
          event.aggregateId,
        );
        return;
      }
      this.logger.info({ method, source: origin.source }, 'drafting an article');
      const article = await this.articles.create(
        event.tenantId,
        {
          ...draft,
          status: 'draft',
          source: origin.source,
          sourceConversationId: event.aggregateId,
          sourceRef: origin.sourceRef,
        },
        tx.manager,
      );
      tx.emit(
        createEvent('article.drafted', {
          tenantId: event.tenantId,
          aggregateId: article.id,
          cause: event,
          payload: {
            articleId: article.id,
            title: article.title,
            locale: article.locale,
            sourceConversationId: event.aggregateId,
          },
        }),
      );
    });
  }
}
