import type { DataSource, EntityManager } from 'typeorm';
import type { AnyEvent } from '@tandem/contracts';
import type { EventPublisher, PreparedEvent } from '@tandem/messaging';
import type { Logger, Metrics } from '@tandem/observability';
import { classifyOutboxFailure } from './outbox-failure';

export interface RelaySettings {
  schema: string;
  pollMs: number;
  batchSize?: number;
  logger: Logger;
  metrics?: Metrics;
}

/** An outbox row set aside: what the error log line and the metric say about it. */
interface DeadLetter {
  seq: string;
  eventId: unknown;
  type: unknown;
  tenantId: unknown;
  aggregateId: unknown;
  code: string;
  message: string;
}

interface Batch {
  published: number;
  deadLetters: DeadLetter[];
  /** A transient failure stopped the batch at this event; it and those after it wait. */
  waiting: { eventId: unknown; error: unknown } | null;
}

const IDLE: Batch = { published: 0, deadLetters: [], waiting: null };
const MAX_ERROR_LENGTH = 2_000;

/**
 * Publishes the outbox in commit order. One relay at a time per schema holds an advisory
 * lock, so with several instances of an app the order per conversation is kept. A row is
 * deleted only after Kafka acknowledged it; a crash in between publishes it again, which
 * consumers absorb (they drop event ids they have seen).
 *
 * An event that can never go out as it is (see classifyOutboxFailure: its customer's key is
 * unknown, or it fails its schema) is dead-lettered: the row stays, marked, with its error,
 * and the events behind it flow, those of the same aggregate included (docs/operations.md,
 * "Outbox dead letters"). A transient failure (key holder or broker unavailable) stops the
 * batch at that event: it and everything after it wait and are retried, never dropped.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly settings: RelaySettings,
  ) {
    settings.metrics?.countOutboxDeadLetters(() => this.countDeadLetters());
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Called after a transaction that wrote to the outbox commits: publish without waiting for the poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Publishes until nothing is left but dead letters; returns how many events went out.
   * Rejects with the error of an event that cannot go out yet (the ones before it went out).
   */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.publishBatch();
      if (batch.waiting) throw batch.waiting.error;
      total += batch.published;
      if (batch.published + batch.deadLetters.length === 0) return total;
    }
  }

  /** Rows set aside for an operator (scripts/outbox.ts retries or drops them). */
  async countDeadLetters(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM "${this.settings.schema}".outbox WHERE dead_lettered_at IS NOT NULL`,
    );
    return row?.count ?? 0;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    let next = this.settings.pollMs;
    try {
      this.again = false;
      const batch = await this.publishBatch();
      if (batch.waiting) {
        next = this.backOff(batch.waiting.error, batch.waiting.eventId);
      } else {
        this.failures = 0;
        if (batch.published + batch.deadLetters.length > 0 || this.again) next = 0;
      }
    } catch (error) {
      next = this.backOff(error, null);
    }
    this.schedule(next);
  }

  private backOff(error: unknown, eventId: unknown): number {
    this.failures += 1;
    const retryInMs = Math.min(5_000, this.settings.pollMs * 2 ** this.failures);
    this.settings.logger.warn(
      { err: error, eventId, attempt: this.failures, retryInMs },
      'outbox relay could not publish; will retry',
    );
    return retryInMs;
  }

  private async publishBatch(): Promise<Batch> {
    const batch = await this.dataSource.transaction((manager) => this.relayBatch(manager));
    // After the commit: a rolled-back batch dead-lettered nothing.
    for (const dead of batch.deadLetters) {
      this.settings.metrics?.outboxDeadLettered.inc({ type: String(dead.type) });
      this.settings.logger.error(
        {
          seq: dead.seq,
          eventId: dead.eventId,
          eventType: dead.type,
          tenantId: dead.tenantId,
          aggregateId: dead.aggregateId,
          code: dead.code,
          reason: dead.message,
        },
        'outbox event dead-lettered: it can never be published as it is; later events go on',
      );
    }
    return batch;
  }

  private async relayBatch(manager: EntityManager): Promise<Batch> {
    const { schema } = this.settings;
    const [{ locked }] = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
      [`${schema}.outbox`],
    );
    if (!locked) return IDLE;
    const rows: { seq: string; event: AnyEvent }[] = await manager.query(
      `SELECT seq, event FROM "${schema}".outbox WHERE dead_lettered_at IS NULL ORDER BY seq LIMIT $1`,
      [this.settings.batchSize ?? 500],
    );
    if (rows.length === 0) return IDLE;
    const prepared = await this.publisher.prepare(rows.map((row) => row.event));
    const ready: PreparedEvent[] = [];
    const readySeqs: string[] = [];
    const deadLetters: DeadLetter[] = [];
    let waiting: (Batch['waiting'] & { seq: string; message: string }) | null = null;
    for (const [index, row] of rows.entries()) {
      const preparation = prepared[index]!;
      if (preparation.ok) {
        ready.push(preparation.event);
        readySeqs.push(row.seq);
        continue;
      }
      const failure = classifyOutboxFailure(preparation.error);
      const event = describe(row.event);
      if (!failure.permanent) {
        // Everything from here waits, so no event overtakes an earlier one of its aggregate.
        waiting = { seq: row.seq, eventId: event.id, error: preparation.error, ...failure };
        break;
      }
      deadLetters.push({
        seq: row.seq,
        eventId: event.id,
        type: event.type,
        tenantId: event.tenantId,
        aggregateId: event.aggregateId,
        code: failure.code,
        message: failure.message,
      });
    }
    await this.publisher.publishPrepared(ready);
    // Exactly the rows published: a transaction that took a lower seq but committed after
    // the SELECT above is not in `rows`, and must stay for the next batch.
    if (readySeqs.length > 0)
      await manager.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [
        readySeqs,
      ]);
    for (const dead of deadLetters)
      await manager.query(
        `UPDATE "${schema}".outbox
            SET dead_lettered_at = now(), attempts = attempts + 1, last_error = $2
          WHERE seq = $1`,
        [dead.seq, `${dead.code}: ${dead.message}`.slice(0, MAX_ERROR_LENGTH)],
      );
    if (waiting)
      await manager.query(
        `UPDATE "${schema}".outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1`,
        [waiting.seq, `TRANSIENT: ${waiting.message}`.slice(0, MAX_ERROR_LENGTH)],
      );
    return {
      published: ready.length,
      deadLetters,
      waiting: waiting && { eventId: waiting.eventId, error: waiting.error },
    };
  }
}

/** The envelope fields worth logging, read defensively: a dead row may not be an envelope. */
function describe(event: unknown): {
  id: unknown;
  type: unknown;
  tenantId: unknown;
  aggregateId: unknown;
} {
  const record =
    typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  return {
    id: record.id ?? null,
    type: record.type ?? null,
    tenantId: record.tenantId ?? null,
    aggregateId: record.aggregateId ?? null,
  };
}
