import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's wrap-up code: how a resolved conversation is classified. Retired codes stay inactive. */
@Entity({ name: 'wrap_up_codes' })
export class WrapUpCode {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn()
  code!: string;

  @Column()
  label!: string;

  @Column()
  active!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
