import { Injectable } from '@nestjs/common';
import type { EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { EventConsumer } from '@tandem/platform';
import { REVIEW_CONSUMER, ReviewService } from './review.service';

export const REVIEW_SUBSCRIPTIONS: readonly EventType[] = [
  'message.received',
  'bot.replied',
  'answer.rated',
  'survey.answered',
  'customer.erased',
];

/** The review queue, a projection of the log in its own consumer group. */
@Injectable()
export class ReviewConsumer implements EventConsumer {
  readonly groupId = REVIEW_CONSUMER;
  readonly subscriptions = REVIEW_SUBSCRIPTIONS;

  constructor(private readonly review: ReviewService) {}

  handlers(): EventHandler[] {
    return [
      on('message.received', (event) => this.review.asked(event)),
      on('bot.replied', (event) => this.review.answered(event)),
      on('answer.rated', (event) => this.review.rated(event)),
      on('survey.answered', (event) => this.review.surveyed(event)),
      on('customer.erased', (event) => this.review.erase(event)),
    ];
  }
}
