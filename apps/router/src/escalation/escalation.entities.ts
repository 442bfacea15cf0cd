import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ConversationState } from './conversation-state';

/** The folded state of each conversation: a projection of the log, rebuilt by replaying it. */
@Entity({ name: 'conversation_states' })
export class ConversationStateRow {
  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'jsonb' })
  state!: ConversationState;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** Every escalation the router made, with its reasons and the policy version that made it. */
@Entity({ name: 'decisions' })
export class DecisionRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'triggered_by' })
  triggeredBy!: string;

  @Column({ type: 'jsonb' })
  reasons!: { code: string; detail: string }[];

  @Column()
  priority!: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  /** Null for decisions made before queues and skills were kept. */
  @Column({ type: 'text', nullable: true })
  queue!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  skills!: string[] | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
