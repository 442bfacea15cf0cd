import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SurveyKind } from './parse-survey-answer';

/** A survey the gateway delivered, waiting for the customer's answer (24 h). */
@Entity({ name: 'surveys' })
export class PendingSurvey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  /** The resolved conversation the survey is about (the answer goes on its log). */
  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  /** The customer's id on the channel, whose next message may be the answer. */
  @Column({ name: 'external_id' })
  externalId!: string;

  @Column({ type: 'text' })
  kind!: SurveyKind;

  /** The language the question was asked in. */
  @Column({ type: 'text' })
  language!: 'zh' | 'en' | 'other';

  /** The person who resolved the conversation (carried onto the answer). */
  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text' })
  status!: 'pending' | 'answered';

  @Column({ type: 'int', nullable: true })
  score!: number | null;

  @Column({ type: 'text', nullable: true })
  source!: 'webchat' | 'message' | 'api' | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  /** The customer message that answered it, so a redelivered webhook is a duplicate, not a message. */
  @Column({ name: 'answer_message_id', type: 'text', nullable: true })
  answerMessageId!: string | null;
}
