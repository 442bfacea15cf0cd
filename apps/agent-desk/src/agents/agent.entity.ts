import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@tandem/auth';

export type Presence = 'online' | 'away' | 'offline';

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

  /** e.g. ["lang:zh", "lang:en", "billing"]. */
  @Column({ type: 'text', array: true })
  skills!: string[];

  /** Conversations at once. */
  @Column({ type: 'int' })
  capacity!: number;

  @Column({ type: 'text' })
  presence!: Presence;

  @Column({ name: 'presence_at', type: 'timestamptz' })
  presenceAt!: Date;

  /** When the agent last got work: the longest idle agent is offered first. */
  @Column({ name: 'last_offered_at', type: 'timestamptz', nullable: true })
  lastOfferedAt!: Date | null;
}

export interface AgentView {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: string;
  skills: string[];
  capacity: number;
  presence: Presence;
}

export function toAgentView(agent: Agent): AgentView {
  const { id, tenantId, email, name, role, skills, capacity, presence } = agent;
  return { id, tenantId, email, name, role, skills, capacity, presence };
}
