import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SurveyKind = 'csat' | 'nps';
export type SurveySource = 'webchat' | 'message' | 'api';

/** One survey asked after a person resolved a conversation; the first answer fills it. */
@Entity({ name: 'surveys' })
export class Survey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  /** The person who resolved the conversation (the rating is theirs). */
  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ name: 'customer_id' })
  customerId!: string;

  @Column({ type: 'text' })
  kind!: SurveyKind;

  @Column({ type: 'text' })
  language!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'int', nullable: true })
  score!: number | null;

  /** Personal: erased with the customer. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: SurveySource | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
