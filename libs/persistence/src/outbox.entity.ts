import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Events written in the same transaction as the state change that caused them. */
@Entity({ name: 'outbox' })
export class OutboxRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', unique: true, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'jsonb' })
  event!: unknown;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** Failed attempts to publish it (transient ones included). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Set when it can never be published as it is; the relay then skips it. */
  @Column({ type: 'timestamptz', name: 'dead_lettered_at', nullable: true })
  deadLetteredAt!: Date | null;
}

/** Events this service has handled, per consumer: the inbox that makes handlers idempotent. */
@Entity({ name: 'processed_events' })
export class ProcessedEvent {
  @Column({ type: 'text', primary: true })
  consumer!: string;

  @Column({ type: 'uuid', primary: true, name: 'event_id' })
  eventId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'processed_at' })
  processedAt!: Date;
}
