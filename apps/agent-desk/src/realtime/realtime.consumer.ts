import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, EventType } from '@tandem/contracts';
import { on, type EventHandler } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, type EventConsumer } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { RealtimeRelay } from './realtime-relay.service';

export const REALTIME_CONSUMER = 'agent-desk-realtime';

export const REALTIME_SUBSCRIPTIONS: readonly EventType[] = [
  'offer.created',
  'offer.expired',
  'offer.declined',
  'conversation.assigned',
  'message.received',
  'bot.replied',
  'agent.replied',
  'assist.suggested',
  'delivery.succeeded',
  'delivery.failed',
  'conversation.queued',
  'conversation.abandoned',
  'conversation.transferred',
  'agent.presence_changed',
];

/**
 * The realtime relay's own consumer group: log events become socket events. It writes
 * nothing, so it needs no inbox (handleOnce): a redelivered event is pushed again with the
 * same `eventId`, which clients drop, and the relay stays one read per event. Events older
 * than REALTIME_MAX_EVENT_AGE_MS are not pushed: a new group reads the log from its start, and
 * nobody wants last month's offers.
 */
@Injectable()
export class RealtimeConsumer implements EventConsumer {
  readonly groupId = REALTIME_CONSUMER;
  /** A new relay group pushes what happens from now on; history is for the projections. */
  readonly startAt = 'latest' as const;
  readonly subscriptions = REALTIME_SUBSCRIPTIONS;

  constructor(
    private readonly relay: RealtimeRelay,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers(): EventHandler[] {
    return [
      this.fresh('offer.created', (event) => this.relay.offerCreated(event)),
      this.fresh('offer.expired', (event) => this.relay.offerEnded(event)),
      this.fresh('offer.declined', (event) => this.relay.offerEnded(event)),
      this.fresh('conversation.assigned', (event) => this.relay.assigned(event)),
      this.fresh('message.received', (event) => this.relay.message(event)),
      this.fresh('bot.replied', (event) => this.relay.message(event)),
      this.fresh('agent.replied', (event) => this.relay.message(event)),
      this.fresh('assist.suggested', (event) => this.relay.assist(event)),
      this.fresh('delivery.succeeded', (event) => this.relay.delivery(event)),
      this.fresh('delivery.failed', (event) => this.relay.delivery(event)),
      this.fresh('conversation.queued', (event) => this.relay.queueChanged(event)),
      this.fresh('conversation.abandoned', (event) => this.relay.queueChanged(event)),
      this.fresh('conversation.transferred', (event) => this.relay.transferred(event)),
      this.fresh('agent.presence_changed', (event) => this.relay.presence(event)),
    ];
  }

  private fresh<T extends EventType>(
    type: T,
    relay: (event: EventEnvelope<T>) => Promise<void> | void,
  ): EventHandler<T> {
    return on(type, async (event) => {
      const age = Date.now() - Date.parse(event.occurredAt);
      if (age > this.config.REALTIME_MAX_EVENT_AGE_MS) {
        this.logger.debug({ ageMs: age }, 'too old to push to sockets');
        return;
      }
      await relay(event);
    });
  }
}
