import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { LOGGER } from '@tandem/platform';
import { ArticlesService } from '../articles/articles.service';
import { CaseMessage } from './case-message.entity';
import { draftFromCase } from './draft-from-case';

export const KNOWLEDGE_CONSUMER = 'knowledge';

/** Every case a person resolves becomes a draft article for review. */
@Injectable()
export class LearningService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly articles: ArticlesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async (tx) => {
      const lines = await tx.manager.find(CaseMessage, {
        where: { tenantId: event.tenantId, conversationId: event.aggregateId },
        order: { at: 'ASC' },
      });
      const draft = draftFromCase(lines, event.payload.note);
      if (!draft) {
        this.logger.info('resolved case has nothing to learn from');
        return;
      }
      const article = await this.articles.create(
        event.tenantId,
        { ...draft, status: 'draft', source: 'learned', sourceConversationId: event.aggregateId },
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
