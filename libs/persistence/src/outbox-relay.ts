import type { DataSource } from 'typeorm';
import type { AnyEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';

export interface RelaySettings {
  schema: string;
  pollMs: number;
  batchSize?: number;
  logger: Logger;
}

/**
 * Publishes the outbox in commit order. One relay at a time per schema holds an advisory
 * lock, so with several instances of an app the order per conversation is kept. A row is
 * deleted only after Kafka acknowledged it; a crash in between publishes it again, which
 * consumers absorb (they drop event ids they have seen).
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
  ) {}

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

  /** Publishes until the outbox is empty; returns how many events went out. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published === 0) return total;
    }
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
      const published = await this.publishBatch();
      this.failures = 0;
      if (published > 0 || this.again) next = 0;
    } catch (error) {
      this.failures += 1;
      next = Math.min(5_000, this.settings.pollMs * 2 ** this.failures);
      this.settings.logger.warn(
        { err: error, retryInMs: next },
        'outbox relay could not publish; will retry',
      );
    }
    this.schedule(next);
  }

  private async publishBatch(): Promise<number> {
    const { schema } = this.settings;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [`${schema}.outbox`],
      );
      if (!locked) return 0;
      const rows: { seq: string; event: AnyEvent }[] = await manager.query(
        `SELECT seq, event FROM "${schema}".outbox ORDER BY seq LIMIT $1`,
        [this.settings.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await this.publisher.publish(rows.map((row) => row.event));
      // Exactly the rows published: a transaction that took a lower seq but committed after
      // the SELECT above is not in `rows`, and must stay for the next batch.
      await manager.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      return rows.length;
    });
  }
}
