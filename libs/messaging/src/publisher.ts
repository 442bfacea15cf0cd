import { Partitioners, type Kafka, type Producer, type Message, type IHeaders } from 'kafkajs';
import {
  hasPersonalFields,
  isValidated,
  topicNameOf,
  topicFor,
  validateEvent,
  InvalidEventError,
  type AnyEvent,
} from '@tandem/contracts';
import type { Logger, Metrics } from '@tandem/observability';
import { sealEvent, type CustomerKeyring } from './personal-data';

export class PublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

export interface PublisherSettings {
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  /** A publish not acknowledged by then is rejected, so an HTTP caller can answer 503. */
  sendTimeoutMs: number;
  /** Seals personal fields with the customer's key before they reach the log. */
  keyring?: CustomerKeyring;
}

/** An event checked and sealed by `prepare`, ready for `publishPrepared`. */
export type PreparedEvent = AnyEvent & { readonly __prepared: unique symbol };

/** One event of a batch after `prepare`: ready, or the reason it cannot go out. */
export type Preparation = { ok: true; event: PreparedEvent } | { ok: false; error: unknown };

interface Pending {
  records: { topic: string; message: Message }[];
  types: string[];
  resolve: () => void;
  reject: (error: Error) => void;
  settled: boolean;
  timer: NodeJS.Timeout;
}

const MAX_RECORDS_PER_REQUEST = 2_000;

/**
 * Publishes validated events with the strongest durability Kafka offers: an idempotent
 * producer and acks from all in-sync replicas. Calls that arrive while a request is in
 * flight are grouped into the next request (group commit): one request at a time keeps the
 * idempotent producer's sequence numbers in order, and batching keeps throughput high.
 */
export class EventPublisher {
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private queue: Pending[] = [];
  private draining = false;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: PublisherSettings,
  ) {}

  async connect(): Promise<void> {
    await this.ensureProducer();
  }

  /** Resolves once Kafka acknowledged every event; rejects with PublishError otherwise. */
  publish(events: readonly AnyEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    for (const event of events) {
      if (!isValidated(event)) {
        const checked = validateEvent(event);
        if (!checked.ok) throw new InvalidEventError(checked.code, checked.reason);
      }
    }
    const keyring = this.settings.keyring;
    if (keyring && events.some((event) => hasPersonalFields(event.type))) {
      return Promise.all(events.map((event) => sealEvent(event, keyring))).then((sealed) =>
        this.enqueueEvents(sealed),
      );
    }
    return this.enqueueEvents(events);
  }

  /**
   * Validates and seals each event on its own, so a caller holding a batch (the outbox relay)
   * learns which event cannot go out and why, instead of one rejection for the whole batch.
   */
  prepare(events: readonly AnyEvent[]): Promise<Preparation[]> {
    const keyring = this.settings.keyring;
    return Promise.all(
      events.map(async (event): Promise<Preparation> => {
        try {
          if (!isValidated(event)) {
            const checked = validateEvent(event);
            if (!checked.ok) throw new InvalidEventError(checked.code, checked.reason);
          }
          const sealed = keyring ? await sealEvent(event, keyring) : event;
          return { ok: true, event: sealed as PreparedEvent };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Publishes events `prepare` accepted; resolves once Kafka acknowledged them all. */
  publishPrepared(events: readonly PreparedEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.enqueueEvents(events);
  }

  private enqueueEvents(events: readonly AnyEvent[]): Promise<void> {
    const records = events.map((event) => ({
      topic: topicNameOf(this.settings.prefix, event.type),
      message: {
        key: event.aggregateId,
        value: JSON.stringify(event),
        headers: { 'event-type': event.type, 'tenant-id': event.tenantId },
      },
    }));
    return this.enqueue(
      records,
      events.map((event) => event.type),
    );
  }

  /** Sends a record that failed processing to the dead-letter topic, with the reason. */
  publishDeadLetter(
    value: Buffer | string | null,
    key: Buffer | string | null,
    headers: IHeaders,
  ): Promise<void> {
    const topic = topicFor(this.settings.prefix, 'deadLetter');
    return this.enqueue([{ topic, message: { key, value, headers } }], ['dead-letter']);
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private enqueue(records: Pending['records'], types: string[]): Promise<void> {
    if (this.closed) return Promise.reject(new PublishError('publisher is closed'));
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = {
        records,
        types,
        resolve,
        reject,
        settled: false,
        timer: setTimeout(() => {
          pending.settled = true;
          reject(
            new PublishError(`Kafka did not acknowledge within ${this.settings.sendTimeoutMs} ms`),
          );
        }, this.settings.sendTimeoutMs),
      };
      this.queue.push(pending);
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        if (batch.length === 0) continue;
        try {
          const producer = await this.ensureProducer();
          const byTopic = new Map<string, Message[]>();
          for (const pending of batch) {
            for (const { topic, message } of pending.records) {
              const messages = byTopic.get(topic) ?? [];
              messages.push(message);
              byTopic.set(topic, messages);
            }
          }
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          for (const pending of batch) {
            for (const type of pending.types) this.settings.metrics?.eventsPublished.inc({ type });
            this.settle(pending);
          }
        } catch (error) {
          this.settings.logger.warn(
            { err: error },
            'publish failed; the producer will be recreated',
          );
          await this.resetProducer();
          for (const pending of batch)
            this.settle(pending, new PublishError('Kafka rejected the publish', { cause: error }));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Takes the waiting calls that are still wanted, up to one request's worth. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    while (this.queue.length > 0 && size < MAX_RECORDS_PER_REQUEST) {
      const pending = this.queue.shift()!;
      if (pending.settled) continue; // its caller already gave up: do not send it late
      batch.push(pending);
      size += pending.records.length;
    }
    return batch;
  }

  private settle(pending: Pending, error?: Error): void {
    clearTimeout(pending.timer);
    if (pending.settled) return;
    pending.settled = true;
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
      });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          return producer;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  /**
   * After a failure the producer's sequence state may no longer match the broker's (for
   * example across a broker restart): a fresh producer gets a fresh producer id.
   */
  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = null;
    await old?.disconnect().catch(() => undefined);
  }
}
