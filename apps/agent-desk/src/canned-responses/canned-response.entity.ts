import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's ready-made reply, found by its shortcut ("/refund") in the agent's language. */
@Entity({ name: 'canned_responses' })
export class CannedResponse {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column()
  shortcut!: string;

  @Column()
  title!: string;

  /** May hold placeholders such as `{{customer.name|there}}`. */
  @Column()
  text!: string;

  @Column()
  language!: string;

  @Column({ name: 'updated_by' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
