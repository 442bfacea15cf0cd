import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import { UnitOfWork } from '@tandem/persistence';
import type { EventConsumer } from '@tandem/platform';
import { AnswersService, BOT_CONSUMER } from './answers/answers.service';
import type { ConversationMode } from './conversations/conversation-mode.entity';
import { setMode } from './conversations/conversation-modes';

/** What this app consumes; also the source of the consumer column in docs/events.md. */
export const BOT_SUBSCRIPTIONS: readonly EventType[] = [
  'message.received',
  'agent.replied',
  'escalation.decided',
  'conversation.assigned',
  'conversation.resolved',
  'customer.erased',
];

@Injectable()
export class BotConsumer implements EventConsumer {
  readonly groupId = BOT_CONSUMER;
  readonly subscriptions = BOT_SUBSCRIPTIONS;

  constructor(
    private readonly answers: AnswersService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  handlers(): EventHandler[] {
    return [
      on('message.received', (event, context) => this.answers.onMessage(event, context)),
      on('agent.replied', (event) => this.answers.onAgentReply(event)),
      on('customer.erased', (event) => this.answers.onCustomerErased(event)),
      on('escalation.decided', (event) => this.changeMode(event, 'queued')),
      on('conversation.assigned', (event) => this.changeMode(event, 'human')),
      on('conversation.resolved', (event) => this.changeMode(event, 'resolved')),
    ];
  }

  private async changeMode(event: EventEnvelope, mode: ConversationMode): Promise<void> {
    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, (tx) =>
      setMode(tx.manager, event.tenantId, event.aggregateId, mode),
    );
  }
}
