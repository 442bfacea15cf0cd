import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What happened to each reply on its way to the channel. */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryColumn({ name: 'reply_id' })
  replyId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId!: string | null;

  @Column({ type: 'text' })
  status!: 'delivered' | 'failed';

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
