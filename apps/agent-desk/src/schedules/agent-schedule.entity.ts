import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AgentSchedule } from './agent-schedule';

@Entity({ name: 'agent_schedules' })
export class AgentScheduleRow {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  /** As validated when written (read back through agentScheduleSchema). */
  @Column({ type: 'jsonb' })
  schedule!: AgentSchedule;

  @Column({ name: 'updated_by' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
