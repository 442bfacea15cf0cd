import { Inject, Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { LOGGER, type EventConsumer } from '@tandem/platform';
import { AssignmentService } from './assignment/assignment.service';
import { ConversationsService, DESK_CONSUMER } from './conversations/conversations.service';
import { REALTIME_SUBSCRIPTIONS } from './realtime/realtime.consumer';

/** What the desk's main group (DeskConsumer) consumes. */
export const DESK_CONSUMER_SUBSCRIPTIONS: readonly EventType[] = [
  'escalation.decided',
  'handoff.summarized',
  'message.received',
  'bot.replied',
  'customer.erased',
];

/** What this app consumes, over all its groups; the source of the consumer column in docs/events.md. */
export const DESK_SUBSCRIPTIONS: readonly EventType[] = [
  ...new Set([...DESK_CONSUMER_SUBSCRIPTIONS, ...REALTIME_SUBSCRIPTIONS]),
];

@Injectable()
export class DeskConsumer implements EventConsumer {
  readonly groupId = DESK_CONSUMER;
  readonly subscriptions = DESK_CONSUMER_SUBSCRIPTIONS;

  constructor(
    private readonly conversations: ConversationsService,
    private readonly assignment: AssignmentService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers(): EventHandler[] {
    return [
      on('escalation.decided', async (event) => {
        await this.conversations.enqueue(event);
        // Offer it now; if this fails the sweeper offers it on its next round.
        await this.assignment.dispatch(event.tenantId).catch((error: unknown) => {
          this.logger.warn(
            { err: error },
            'dispatch after queueing failed; the sweeper will retry',
          );
        });
      }),
      on('handoff.summarized', (event) => this.conversations.summarized(event)),
      on('message.received', (event) => this.conversations.record(event)),
      on('bot.replied', (event) => this.conversations.record(event)),
      on('customer.erased', (event) => this.conversations.erase(event)),
    ];
  }
}
