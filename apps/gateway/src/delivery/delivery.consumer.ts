import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
import { surveyReply } from '../surveys/survey-delivery';
import { SurveysService } from '../surveys/surveys.service';
import { DeliveryService, GATEWAY_CONSUMER } from './delivery.service';

/** What this app consumes; also the source of the consumer column in docs/events.md. */
export const GATEWAY_SUBSCRIPTIONS: readonly EventType[] = [
  'bot.replied',
  'agent.replied',
  'conversation.resolved',
  'survey.requested',
];

@Injectable()
export class DeliveryConsumer implements EventConsumer {
  readonly groupId = GATEWAY_CONSUMER;
  readonly subscriptions = GATEWAY_SUBSCRIPTIONS;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly surveys: SurveysService,
  ) {}

  handlers(): EventHandler[] {
    return [
      on('bot.replied', (event, context) =>
        this.delivery.deliver(
          event,
          {
            replyId: event.payload.replyId,
            text: event.payload.text,
            from: { role: 'bot', name: 'Tandem' },
          },
          context,
        ),
      ),
      on('agent.replied', (event, context) =>
        this.delivery.deliver(
          event,
          {
            replyId: event.payload.replyId,
            text: event.payload.text,
            from: { role: 'agent', name: event.payload.agentName ?? 'Agent' },
          },
          context,
        ),
      ),
      on('conversation.resolved', (event) => this.delivery.markResolved(event)),
      // Remembered first, so an answer that comes back at once finds its survey.
      on('survey.requested', async (event, context) => {
        await this.surveys.open(event);
        await this.delivery.deliver(event, surveyReply(event), context);
      }),
    ];
  }
}
