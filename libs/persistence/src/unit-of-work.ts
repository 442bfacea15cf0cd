import type { DataSource, EntityManager } from 'typeorm';
import {
  isUnsealable,
  isValidated,
  validateEvent,
  InvalidEventError,
  type AnyEvent,
  type EventEnvelope,
} from '@tandem/contracts';
import type { OutboxRelay } from './outbox-relay';

/** A transaction that may also emit events; they are published only if it commits. */
export interface Tx {
  readonly manager: EntityManager;
  emit(...events: AnyEvent[]): void;
}

/**
 * The one way an app changes its tables and emits events: both in one Postgres
 * transaction (the outbox), and, for consumed events, together with the inbox row that
 * marks the event handled, so redelivery after a crash changes nothing.
 */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly relay: OutboxRelay | null,
  ) {}

  /** Runs `work` in a transaction; events it emits are written to the outbox. */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const events: AnyEvent[] = [];
      const value = await work({ manager, emit: (...more) => events.push(...more) });
      await this.writeOutbox(manager, events);
      emitted = events.length;
      return value;
    });
    if (emitted > 0) this.relay?.wake();
    return result;
  }

  /**
   * Runs `work` at most once per (consumer, event id). Returns false when the event had
   * already been handled, in which case nothing runs.
   */
  async handleOnce(
    consumer: string,
    event: EventEnvelope,
    work: (tx: Tx) => Promise<void>,
  ): Promise<boolean> {
    let emitted = 0;
    const handled = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.schema}".processed_events (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id],
      );
      if (inserted.length === 0) return false;
      const events: AnyEvent[] = [];
      await work({ manager, emit: (...more) => events.push(...more) });
      await this.writeOutbox(manager, events);
      emitted = events.length;
      return true;
    });
    if (emitted > 0) this.relay?.wake();
    return handled;
  }

  private async writeOutbox(manager: EntityManager, events: AnyEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: string[] = [];
    const params: unknown[] = [];
    for (const event of events) {
      if (!isValidated(event)) {
        const checked = validateEvent(event);
        if (!checked.ok) throw new InvalidEventError(checked.code, checked.reason);
      }
      // Refused here, in the transaction, rather than by the relay, where it would block the outbox.
      if (isUnsealable(event))
        throw new InvalidEventError(
          'UNSEALED_PERSONAL_DATA',
          `${event.type}: personal fields need the envelope's customerId to be sealed`,
        );
      params.push(event.id, JSON.stringify(event));
      values.push(`($${params.length - 1}, $${params.length}::jsonb)`);
    }
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (event_id, event) VALUES ${values.join(', ')} ON CONFLICT (event_id) DO NOTHING`,
      params,
    );
  }
}
