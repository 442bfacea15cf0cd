import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
import { EscalationService, ROUTER_CONSUMER } from './escalation/escalation.service';

/** What this app consumes; also the source of the consumer column in docs/events.md. */
export const ROUTER_SUBSCRIPTIONS: readonly EventType[] = [
  'message.received',
  'message.analyzed',
  'human.requested',
  'bot.replied',
  'bot.deferred',
  'agent.replied',
  'escalation.decided',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.abandoned',
  'customer.erased',
];

@Injectable()
export class RouterConsumer implements EventConsumer {
  readonly groupId = ROUTER_CONSUMER;
  readonly subscriptions = ROUTER_SUBSCRIPTIONS;

  constructor(private readonly escalation: EscalationService) {}

  handlers(): EventHandler[] {
    return [
      ...this.subscriptions
        .filter((type) => type !== 'customer.erased')
        .map((type) => on(type, (event) => this.escalation.onEvent(event as never))),
      on('customer.erased', (event) => this.escalation.erase(event)),
    ];
  }
}
