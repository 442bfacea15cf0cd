import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
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
  'message.analyzed',
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
  ) {}

  handlers(): EventHandler[] {
    return [
      on('escalation.decided', async (event) => {
        await this.conversations.enqueue(event);
        // Offered as soon as a dispatch runs; the handler does not wait for it.
        this.assignment.requestDispatch(event.tenantId);
      }),
      on('handoff.summarized', (event) => this.conversations.summarized(event)),
      on('message.received', async (event) => {
        const reopened = await this.conversations.record(event);
        if (reopened) this.assignment.requestDispatch(event.tenantId);
      }),
      on('bot.replied', async (event) => {
        await this.conversations.record(event);
      }),
      on('customer.erased', (event) => this.conversations.erase(event)),
      on('delivery.succeeded', (event) => this.conversations.delivered(event)),
      on('delivery.failed', (event) => this.conversations.delivered(event)),
      on('assist.suggested', (event) => this.conversations.suggested(event)),
      on('message.analyzed', (event) => this.conversations.analyzed(event)),
    ];
  }
}
