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
