import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
import { UnitOfWork } from '@tandem/persistence';
import { GapsService } from './gaps/gaps.service';
import { UsageService } from './usage/usage.service';
import { KNOWLEDGE_CONSUMER, LearningService } from './learning/learning.service';

/** What this app consumes; also the source of the consumer column in docs/events.md. */
export const KNOWLEDGE_SUBSCRIPTIONS: readonly EventType[] = [
  'message.received',
  'agent.replied',
  'conversation.resolved',
  'customer.erased',
  'bot.deferred',
  'bot.replied',
  'answer.rated',
  'answer.reviewed',
];

@Injectable()
export class KnowledgeConsumer implements EventConsumer {
  readonly groupId = KNOWLEDGE_CONSUMER;
  readonly subscriptions = KNOWLEDGE_SUBSCRIPTIONS;

  constructor(
    private readonly learning: LearningService,
    private readonly gaps: GapsService,
    private readonly usage: UsageService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  handlers(): EventHandler[] {
    return [
      on('message.received', (event) => this.learning.record(event)),
      on('agent.replied', (event) => this.learning.record(event)),
      on('conversation.resolved', (event) => this.learning.onResolved(event)),
      on('customer.erased', (event) => this.learning.erase(event)),
      on('bot.deferred', (event) => this.gaps.onDeferred(event)),
      on('bot.replied', async (event) => {
        // A waiting notice is no answer: it used no article and says nothing of the content.
        if (event.payload.kind === 'notice') return;
        await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, async ({ manager }) => {
          await this.usage.answeredIn(manager, event);
          await this.gaps.answeredIn(manager, event);
        });
      }),
      on('answer.rated', (event) => this.usage.onRated(event)),
      on('answer.reviewed', (event) => this.learning.onReviewed(event)),
    ];
  }
}
