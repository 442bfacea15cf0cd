import type { EventType } from '@tandem/contracts';
import {
  ConsumerRunner,
  type CustomerKeyring,
  type EventHandler,
  type EventPublisher,
  type Kafka,
} from '@tandem/messaging';
import type { Logger, Metrics } from '@tandem/observability';

/** What an app declares to consume: its group, the event types it wants and their handlers. */
export interface EventConsumer {
  readonly groupId: string;
  readonly subscriptions: readonly EventType[];
  /** Where the group starts when it has no committed offsets (default earliest: rebuildable). */
  readonly startAt?: 'earliest' | 'latest';
  handlers(): EventHandler[];
}

export function createConsumerRunner(
  kafka: Kafka,
  consumer: EventConsumer,
  deps: {
    prefix: string;
    publisher: EventPublisher;
    logger: Logger;
    metrics: Metrics;
    keyring?: CustomerKeyring;
  },
): ConsumerRunner {
  return new ConsumerRunner(kafka, {
    groupId: consumer.groupId,
    prefix: deps.prefix,
    subscriptions: consumer.subscriptions,
    handlers: consumer.handlers(),
    publisher: deps.publisher,
    logger: deps.logger.child({ component: 'consumer', group: consumer.groupId }),
    metrics: deps.metrics,
    keyring: deps.keyring,
    startAt: consumer.startAt,
  });
}
