import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import {
  parseEventJson,
  validateEvent,
  topicFor,
  EVENT_CATALOG,
  InvalidEventError,
  isEventType,
  type AnyEvent,
  type EventType,
} from '@tandem/contracts';
import { runWithContext, type Logger, type Metrics } from '@tandem/observability';
import { indexHandlers, type EventHandler } from './handlers';
import type { EventPublisher } from './publisher';
import { KeyUnavailableError, openEvent, type CustomerKeyring } from './personal-data';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface ConsumerSettings {
  groupId: string;
  prefix: string;
  subscriptions: readonly EventType[];
  handlers: readonly EventHandler[];
  /** Used for the dead-letter topic. */
  publisher: EventPublisher;
  logger: Logger;
  metrics?: Metrics;
  retry?: Partial<RetryPolicy>;
  /** Partitions handled in parallel; each partition (so each key) stays strictly ordered. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Opens sealed personal fields before handlers see the event. */
  keyring?: CustomerKeyring;
  /**
   * Where a group without committed offsets starts: `earliest` (projections, the default:
   * they are rebuilt from the log) or `latest` (a live relay that only matters now).
   */
  startAt?: 'earliest' | 'latest';
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs one consumer group over the topics that carry the subscribed event types.
 * Every record is validated; invalid ones and ones whose handler keeps failing go to the
 * dead-letter topic with the reason, so nothing is silently dropped and nothing blocks
 * the partition forever. Handlers must be idempotent (see the inbox in libs/persistence):
 * after a crash, records since the last committed offset are delivered again.
 */
export class ConsumerRunner {
  private readonly handlers: Map<EventType, EventHandler>;
  private readonly retry: RetryPolicy;
  private consumer: Consumer | null = null;
  private joined = false;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: ConsumerSettings,
  ) {
    this.handlers = indexHandlers(settings.subscriptions, settings.handlers);
    this.retry = { ...DEFAULT_RETRY, ...settings.retry };
  }

  get topics(): string[] {
    const names = new Set(this.settings.subscriptions.map((type) => EVENT_CATALOG[type].topic));
    return [...names].map((name) => topicFor(this.settings.prefix, name));
  }

  /** True once the consumer has joined its group and not crashed since. */
  get isHealthy(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    const sessionTimeout = this.settings.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      // Prefixed like the topics, so installations (and test runs) sharing a broker never
      // share a group: a shared group would rebalance whenever any of them starts or stops.
      groupId: `${this.settings.prefix}.${this.settings.groupId}`,
      sessionTimeout,
      heartbeatInterval: Math.min(1_000, Math.floor(sessionTimeout / 5)),
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
      // A crash (e.g. the broker is unreachable for long) restarts the consumer, unless we stopped it.
      retry: {
        retries: 10,
        initialRetryTime: 200,
        maxRetryTime: 5_000,
        restartOnFailure: async () => !this.stopped,
      },
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.joined = false;
      this.settings.logger.error(
        { err: event.payload.error, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    consumer.on(consumer.events.STOP, () => {
      this.joined = false;
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: this.topics,
      fromBeginning: (this.settings.startAt ?? 'earliest') === 'earliest',
    });
    await consumer.run({
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.process(topic, partition, message, heartbeat);
      },
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.joined = false;
    this.stopped = true;
    await consumer?.disconnect();
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const parsed = parseEventJson(message.value);
    // A known type this group does not handle is skipped before it is opened and validated
    // (the groups that handle it check it, and dead-letter it if it is invalid).
    const type = parsed.ok ? (parsed.value as { type?: unknown } | null)?.type : undefined;
    if (typeof type === 'string' && isEventType(type) && !this.handlers.has(type)) {
      this.settings.metrics?.eventsConsumed.inc({ type, outcome: 'ignored' });
      return;
    }
    const opened = parsed.ok ? await this.openPersonalData(parsed.value, heartbeat) : parsed;
    const decoded = opened.ok ? validateEvent(opened.value) : opened;
    if (!decoded.ok) {
      await this.deadLetter(topic, partition, message, decoded.code, decoded.reason);
      this.settings.metrics?.eventsConsumed.inc({ type: 'invalid', outcome: 'dead_lettered' });
      return;
    }
    const event = decoded.event;
    // Every service that hears of an erasure drops the customers' keys it holds, at once.
    if (event.type === 'customer.erased' && this.settings.keyring)
      for (const id of [event.payload.customerId, ...event.payload.mergedCustomerIds])
        this.settings.keyring.forget(event.tenantId, id);
    const handler = this.handlers.get(event.type);
    if (!handler) {
      this.settings.metrics?.eventsConsumed.inc({ type: event.type, outcome: 'ignored' });
      return;
    }
    await runWithContext(
      {
        correlationId: event.correlationId,
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
        eventId: event.id,
        eventType: event.type,
      },
      () => this.handleWithRetry(handler, event, topic, partition, message, heartbeat),
    );
  }

  /**
   * Opens the sealed personal fields. While the key holder cannot be reached the partition
   * waits (with backoff, heartbeating) rather than dead-lettering a sound event.
   */
  private async openPersonalData(
    value: unknown,
    heartbeat: () => Promise<void>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; code: string; reason: string }> {
    const keyring = this.settings.keyring;
    const raw = value as { type?: unknown; tenantId?: unknown; payload?: unknown };
    if (!keyring || typeof raw !== 'object' || raw === null) return { ok: true, value };
    if (typeof raw.type !== 'string' || typeof raw.tenantId !== 'string')
      return { ok: true, value }; // validation reports it
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await openEvent(raw as never, keyring) };
      } catch (error) {
        if (error instanceof InvalidEventError)
          return { ok: false, code: error.code, reason: error.message };
        if (!(error instanceof KeyUnavailableError))
          return {
            ok: false,
            code: 'UNREADABLE_PERSONAL_DATA',
            reason: error instanceof Error ? error.message : String(error),
          };
        if (this.stopped) throw error;
        const delay = backoffDelay(attempt, this.retry);
        this.settings.logger.warn(
          { err: error, attempt, delayMs: delay },
          'customer key unavailable; waiting before reading on',
        );
        await sleepWithHeartbeat(delay, heartbeat);
      }
    }
  }

  private async handleWithRetry(
    handler: EventHandler,
    event: AnyEvent,
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const timer = this.settings.metrics?.handlerDuration.startTimer({ type: event.type });
    for (let attempt = 1; ; attempt++) {
      try {
        await (handler as EventHandler<typeof event.type>).handle(event as never, {
          heartbeat,
          attempt,
        });
        timer?.();
        this.settings.metrics?.eventsConsumed.inc({ type: event.type, outcome: 'handled' });
        return;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        // The key holder being down is not the event's fault: wait for it, never dead-letter.
        if (error instanceof KeyUnavailableError && !this.stopped)
          attempt = Math.min(attempt, this.retry.attempts - 1);
        if (attempt >= this.retry.attempts) {
          this.settings.logger.error(
            { err: error, attempt },
            'handler failed for good; dead-lettering the event',
          );
          await this.deadLetter(topic, partition, message, 'HANDLER_FAILED', reason);
          this.settings.metrics?.eventsConsumed.inc({ type: event.type, outcome: 'dead_lettered' });
          return;
        }
        const delay = backoffDelay(attempt, this.retry);
        this.settings.logger.warn(
          { err: error, attempt, delayMs: delay },
          'handler failed; retrying',
        );
        await sleepWithHeartbeat(delay, heartbeat);
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    code: string,
    reason: string,
  ): Promise<void> {
    this.settings.logger.warn(
      { topic, partition, offset: message.offset, code },
      'event sent to the dead-letter topic',
    );
    // If even the dead-letter publish fails this throws: the offset is not committed and
    // the record is delivered again, so it is never lost.
    await this.settings.publisher.publishDeadLetter(message.value, message.key, {
      ...(message.headers ?? {}),
      'dlt-code': code,
      'dlt-reason': reason.slice(0, 2_000),
      'dlt-group': this.settings.groupId,
      'dlt-source-topic': topic,
      'dlt-source-partition': String(partition),
      'dlt-source-offset': message.offset,
      'dlt-at': new Date().toISOString(),
    });
  }
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
