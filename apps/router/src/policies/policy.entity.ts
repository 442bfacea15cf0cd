import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One version of a tenant's escalation policy; versions are never changed, only added. */
@Entity({ name: 'policies' })
export class PolicyRow {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** The policy document as validated on write (defaults filled in). */
  @Column({ type: 'jsonb' })
  policy!: unknown;

  @Column({ name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
