import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import { UnitOfWork } from '@tandem/persistence';
import type { EventConsumer } from '@tandem/platform';
import { AnswersService, BOT_CONSUMER } from './answers/answers.service';
import type {
  ConversationMode,
  ConversationModeRow,
  NoAgentOnline,
} from './conversations/conversation-mode.entity';
import { setMode } from './conversations/conversation-modes';
import { WaitingNotices } from './waiting/waiting-notices.service';

/** What this app consumes; also the source of the consumer column in docs/events.md. */
export const BOT_SUBSCRIPTIONS: readonly EventType[] = [
  'message.received',
  'agent.replied',
  'escalation.decided',
  'conversation.queued',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.abandoned',
  'customer.erased',
];

@Injectable()
export class BotConsumer implements EventConsumer {
  readonly groupId = BOT_CONSUMER;
  readonly subscriptions = BOT_SUBSCRIPTIONS;

  constructor(
    private readonly answers: AnswersService,
    private readonly waiting: WaitingNotices,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  handlers(): EventHandler[] {
    return [
      on('message.received', async (event, context) => {
        await this.answers.onMessage(event, context);
        // In queued mode: the waiting notice (its own once-only claim, after the analysis).
        await this.waiting.onMessage(event);
      }),
      // The handoff's language is the one the waiting notices speak until the customer writes.
      on('escalation.decided', (event) =>
        this.changeMode(
          event,
          'queued',
          event.payload.handoff.language,
          event.payload.noAgentOnline ?? 'queue',
        ),
      ),
      on('agent.replied', (event) => this.answers.onAgentReply(event)),
      on('customer.erased', (event) => this.answers.onCustomerErased(event)),
      on('conversation.queued', (event) => this.waiting.onQueued(event)),
      on('conversation.assigned', (event) => this.changeMode(event, 'human')),
      on('conversation.resolved', (event) =>
        this.changeMode(event, 'resolved', undefined, undefined, event.payload.reopenUntil ?? null),
      ),
      // The customer wrote again within the window: waiting for a person, the bot stays silent.
      on('conversation.reopened', (event) => this.changeMode(event, 'queued')),
      // Nobody took it in time: the bot has it again.
      on('conversation.abandoned', (event) => this.changeMode(event, 'bot')),
    ];
  }

  private async changeMode(
    event: EventEnvelope,
    mode: ConversationMode,
    language?: ConversationModeRow['language'],
    noAgentOnline?: NoAgentOnline,
    reopenUntil: string | null = null,
  ): Promise<void> {
    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, (tx) =>
      setMode(
        tx.manager,
        event.tenantId,
        event.aggregateId,
        mode,
        language,
        noAgentOnline,
        reopenUntil === null ? null : new Date(reopenUntil),
      ),
    );
  }
}
