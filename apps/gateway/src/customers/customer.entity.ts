import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** One person, however many channels they write on. */
@Entity({ name: 'customers' })
export class Customer {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** e.g. standard, vip: the router may send some tiers straight to people. */
  @Column()
  tier!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'jsonb' })
  attributes!: Record<string, string | number | boolean>;

  /** Set when this customer was merged into another: the other one is the customer now. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'customer_audit' })
export class CustomerAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column()
  action!: 'updated' | 'linked' | 'merged' | 'merged_away';

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  /** Who did it: a person's or a key's subject. */
  @Column()
  actor!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
