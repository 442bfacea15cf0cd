import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SkillLevels } from '../agents/seat';
import type { WeeklyHours } from '../calendar/weekly-hours';
import type { OverflowRule } from './queue-schemas';

/** A queue the router names (`escalation.decided.queue`), as the tenant defined it. */
@Entity({ name: 'queues' })
export class Queue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  /** The slug the router's policy names. */
  @Column()
  name!: string;

  /** Required skills with their minimum levels. */
  @Column({ type: 'jsonb' })
  skills!: SkillLevels;

  /** Added to a conversation's priority rank when the desk orders its waiting work. */
  @Column({ type: 'int' })
  priority!: number;

  /** Target time to the first human reply. */
  @Column({ name: 'sla_seconds', type: 'int' })
  slaSeconds!: number;

  @Column({ type: 'jsonb' })
  overflow!: OverflowRule[];

  /** Null: always open. */
  @Column({ type: 'jsonb', nullable: true })
  hours!: WeeklyHours | null;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
