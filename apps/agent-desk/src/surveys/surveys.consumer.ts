import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
import { SURVEYS_CONSUMER, SurveysService } from './surveys.service';

export const SURVEYS_SUBSCRIPTIONS: readonly EventType[] = [
  'conversation.resolved',
  'survey.answered',
  'customer.erased',
];

/** The survey projection: its own group, so it can be rebuilt alone from the log. */
@Injectable()
export class SurveysConsumer implements EventConsumer {
  readonly groupId = SURVEYS_CONSUMER;
  readonly subscriptions = SURVEYS_SUBSCRIPTIONS;

  constructor(private readonly surveys: SurveysService) {}

  handlers(): EventHandler[] {
    return [
      on('conversation.resolved', (event) => this.surveys.resolved(event)),
      on('survey.answered', (event) => this.surveys.answered(event)),
      on('customer.erased', (event) => this.surveys.erase(event)),
    ];
  }
}
