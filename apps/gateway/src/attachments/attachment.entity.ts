import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the gateway knows about a stored attachment: enough to serve it to the right tenant
 * and to find a customer's attachments when they are erased. The bytes are in the store.
 */
@Entity({ name: 'attachments' })
export class AttachmentRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  /** The message it came with; null for a web chat upload not yet sent. */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'text' })
  kind!: 'image' | 'voice' | 'file';

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ name: 'mime_type' })
  mimeType!: string;

  @Column({
    name: 'size_bytes',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: Number },
  })
  sizeBytes!: number;

  @Column({ name: 'storage_key' })
  storageKey!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
