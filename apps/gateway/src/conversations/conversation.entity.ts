import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The gateway's view of a conversation: which customer on which channel it belongs to,
 * so replies find their way back, and whether it is still open.
 */
@Entity({ name: 'conversations' })
export class Conversation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  /** The customer's id on the channel (visitor id, openid, phone ...). */
  @Column({ name: 'external_id' })
  externalId!: string;

  @Column({ type: 'text' })
  status!: 'open' | 'resolved';

  /** After a person resolved it: the customer's messages until then still go to it (the desk reopens it). */
  @Column({ name: 'reopen_until', type: 'timestamptz', nullable: true })
  reopenUntil!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** One customer, possibly known on several channels (identity linking comes with issue 3). */
@Entity({ name: 'customer_identities' })
export class CustomerIdentity {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @PrimaryColumn({ name: 'external_id' })
  externalId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

/** A verified phone number or e-mail address: a new identity with the same one joins that customer. */
@Entity({ name: 'customer_contacts' })
export class CustomerContact {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: 'phone' | 'email';

  @PrimaryColumn()
  value!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
