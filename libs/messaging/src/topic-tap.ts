import { randomUUID } from 'node:crypto';
import type { Consumer, IHeaders, Kafka } from 'kafkajs';
import { decodeEvent, parseEventJson, validateEvent, type AnyEvent } from '@tandem/contracts';
import { openEvent, type CustomerKeyring } from './personal-data';

export interface TappedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** As on the log: personal fields sealed. */
  value: string | null;
  headers: Record<string, string>;
  /** With a keyring: the event with its personal fields opened (undefined if it did not parse). */
  opened?: unknown;
}

/**
 * Reads every record of some topics from the beginning, in a throwaway consumer group.
 * For tests, tools and benchmarks that watch the log; services use ConsumerRunner.
 */
export class TopicTap {
  readonly records: TappedRecord[] = [];
  private consumer: Consumer | null = null;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    /** Opens sealed personal fields as records arrive, so events() reads like a service. */
    private readonly keyring?: CustomerKeyring,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `tap-${randomUUID()}`,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
      // After a crash kafkajs restarts the consumer on its own timer; not once we stopped it.
      retry: { restartOnFailure: async () => !this.stopped },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    let joined!: () => void;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value?.toString('utf8') ?? null;
        let opened: unknown;
        if (this.keyring) {
          const parsed = parseEventJson(value);
          if (parsed.ok)
            opened = await openEvent(parsed.value as never, this.keyring).catch(() => parsed.value);
        }
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers: stringHeaders(message.headers),
          opened,
        });
      },
    });
    await ready;
  }

  /** The valid events seen so far, in arrival order. */
  events(): AnyEvent[] {
    const events: AnyEvent[] = [];
    for (const record of this.records) {
      const decoded = this.keyring
        ? record.opened === undefined
          ? decodeEvent(record.value)
          : validateEvent(record.opened)
        : decodeEvent(record.value);
      if (decoded.ok) events.push(decoded.event);
    }
    return events;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}
