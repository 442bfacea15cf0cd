import { Inject, Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { LOGGER, type EventConsumer } from '@tandem/platform';
import { AssignmentService } from './assignment/assignment.service';
import { ConversationsService, DESK_CONSUMER } from './conversations/conversations.service';
import { KPI_SUBSCRIPTIONS } from './kpi/kpi.projection';
import { REALTIME_SUBSCRIPTIONS } from './realtime/realtime.consumer';
import { REVIEW_SUBSCRIPTIONS } from './review/review.consumer';
import { SURVEYS_SUBSCRIPTIONS } from './surveys/surveys.consumer';

/** What the desk's core group (conversations and assignment) consumes. */
export const DESK_CORE_SUBSCRIPTIONS: readonly EventType[] = [
  'escalation.decided',
  'handoff.summarized',
  'message.received',
  'bot.replied',
  'customer.erased',
  'delivery.succeeded',
  'delivery.failed',
  'assist.suggested',
];

/**
 * What this app consumes, over all its consumer groups (a union without duplicates); also
 * the source of the consumer column in docs/events.md.
 */
export const DESK_SUBSCRIPTIONS: readonly EventType[] = [
  ...new Set([
    ...DESK_CORE_SUBSCRIPTIONS,
    ...REVIEW_SUBSCRIPTIONS,
    ...KPI_SUBSCRIPTIONS,
    ...SURVEYS_SUBSCRIPTIONS,
    ...REALTIME_SUBSCRIPTIONS,
  ]),
];

@Injectable()
export class DeskConsumer implements EventConsumer {
  readonly groupId = DESK_CONSUMER;
  readonly subscriptions = DESK_CORE_SUBSCRIPTIONS;

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
      on('message.received', async (event) => {
        const reopened = await this.conversations.record(event);
        if (!reopened) return;
        await this.assignment.dispatch(event.tenantId).catch((error: unknown) => {
          this.logger.warn(
            { err: error },
            'dispatch after reopening failed; the sweeper will retry',
          );
        });
      }),
      on('bot.replied', async (event) => {
        await this.conversations.record(event);
      }),
      on('customer.erased', (event) => this.conversations.erase(event)),
      on('delivery.succeeded', (event) => this.conversations.delivered(event)),
      on('delivery.failed', (event) => this.conversations.delivered(event)),
      on('assist.suggested', (event) => this.conversations.suggested(event)),
    ];
  }
}
