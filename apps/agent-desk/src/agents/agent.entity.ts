import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@tandem/auth';
import type { Capacity, Presence, SkillLevels } from './seat';

export type { Presence } from './seat';

@Entity({ name: 'tenants' })
export class Tenant {
  /** A short slug people type at login, e.g. "demo". */
  @PrimaryColumn()
  id!: string;

  @Column()
  name!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

@Entity({ name: 'agents' })
export class Agent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column()
  email!: string;

  @Column()
  name!: string;

  @Column({ type: 'text' })
  role!: Exclude<Role, 'service'>;

  @Column({ name: 'password_hash' })
  passwordHash!: string;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  /** Skill → level 1..5, e.g. { "billing": 3 }. */
  @Column({ type: 'jsonb' })
  skills!: SkillLevels;

  /** e.g. ["zh", "en"]: matched against the router's `lang:xx` skills. */
  @Column({ type: 'text', array: true })
  languages!: string[];

  /** Conversations at once per media, e.g. { chat: 5, email: 10, call: 1 }. */
  @Column({ type: 'jsonb' })
  capacity!: Capacity;

  @Column({ type: 'text' })
  presence!: Presence;

  /** One of the tenant's busy states while presence is busy; null otherwise. */
  @Column({ name: 'busy_state', type: 'text', nullable: true })
  busyState!: string | null;

  @Column({ name: 'presence_at', type: 'timestamptz' })
  presenceAt!: Date;

  /** A deactivated agent cannot log in or get work. */
  @Column({ type: 'boolean' })
  active!: boolean;

  /** When the agent last got work: the longest idle agent is offered first. */
  @Column({ name: 'last_offered_at', type: 'timestamptz', nullable: true })
  lastOfferedAt!: Date | null;
}
