import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DeskSettings } from './desk-settings';

@Entity({ name: 'desk_settings' })
export class DeskSettingsRow {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  /** As written by the tenant (defaults are applied when read, so new fields need no migration). */
  @Column({ type: 'jsonb' })
  settings!: Partial<DeskSettings>;

  @Column({ name: 'updated_by' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
