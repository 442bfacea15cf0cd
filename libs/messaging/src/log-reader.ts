import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { parseEventJson, validateEvent, type AnyEvent } from '@tandem/contracts';
import { openEvent, type CustomerKeyring } from './personal-data';

export interface LogReadProgress {
  /** Records consumed so far (valid events and skipped records). */
  read: number;
  /** Records on the topics when the read began. */
  total: number;
}

export interface LogReadResult {
  /** Valid events handed to the callback. */
  events: number;
  /** Records that are not a valid event of this version (foreign, corrupt, too new). */
  skipped: number;
}

export interface LogReadOptions {
  onProgress?: (progress: LogReadProgress) => void;
  /** Events not for this tenant are skipped before their fields are opened. */
  tenantId?: string;
}

/**
 * Reads topics from their beginning to where they ended when the read began: every valid
 * event once, each partition in order (so each conversation's events in order), personal
 * fields opened with the keyring when one is given. For tools that fold the log (replay,
 * rebuilding a projection); services consume with ConsumerRunner. Uses a throwaway consumer
 * group that it deletes when done.
 */
export class LogReader {
  constructor(
    private readonly kafka: Kafka,
    private readonly keyring?: CustomerKeyring,
  ) {}

  async read(
    topics: readonly string[],
    onEvent: (event: AnyEvent) => void | Promise<void>,
    options: LogReadOptions = {},
  ): Promise<LogReadResult> {
    const ends = await this.endsOf(topics);
    const total = [...ends.values()].reduce((sum, end) => sum + end.remaining, 0);
    const result: LogReadResult = { events: 0, skipped: 0 };
    if (total === 0) return result;

    const groupId = `log-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
      retry: { restartOnFailure: () => Promise.resolve(false) },
    });
    let read = 0;
    const pending = new Set([...ends].filter(([, end]) => end.remaining > 0).map(([key]) => key));
    let finished!: () => void;
    let failed!: (error: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    try {
      await consumer.connect();
      consumer.on(consumer.events.CRASH, (event) => failed(event.payload.error));
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch, heartbeat, isRunning }) => {
          const key = `${batch.topic}/${batch.partition}`;
          const end = ends.get(key);
          if (!end || !pending.has(key)) return;
          for (const message of batch.messages) {
            if (!isRunning()) return;
            const offset = BigInt(message.offset);
            if (offset >= end.high) break;
            read += 1;
            const event = await this.decode(message.value?.toString('utf8') ?? null, options);
            if (event) {
              result.events += 1;
              await onEvent(event);
            } else result.skipped += 1;
            if (offset === end.high - 1n) pending.delete(key);
          }
          // The last offsets may hold no message (a transaction marker): the batch says how far it got.
          if (batch.messages.length > 0 && BigInt(batch.lastOffset()) >= end.high - 1n)
            pending.delete(key);
          options.onProgress?.({ read, total });
          await heartbeat();
          if (pending.size === 0) finished();
        },
      });
      await done;
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await this.deleteGroup(groupId);
    }
    return result;
  }

  private async decode(value: string | null, options: LogReadOptions): Promise<AnyEvent | null> {
    const parsed = parseEventJson(value);
    if (!parsed.ok) return null;
    const raw = parsed.value as { tenantId?: unknown };
    if (options.tenantId !== undefined && raw.tenantId !== options.tenantId) return null;
    const opened = this.keyring
      ? await openEvent(parsed.value as never, this.keyring).catch(() => parsed.value)
      : parsed.value;
    const validated = validateEvent(opened);
    return validated.ok ? validated.event : null;
  }

  /** Per `topic/partition`: the offset after its last record now, and how many records it holds. */
  private async endsOf(
    topics: readonly string[],
  ): Promise<Map<string, { high: bigint; remaining: number }>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, { high: bigint; remaining: number }>();
      for (const topic of topics) {
        for (const partition of await admin.fetchTopicOffsets(topic)) {
          const high = BigInt(partition.high);
          const low = BigInt(partition.low);
          ends.set(`${topic}/${partition.partition}`, { high, remaining: Number(high - low) });
        }
      }
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch {
      // A group left behind expires with the broker's offsets retention; nothing was committed.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
