import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What customers and human agents said in each conversation: the raw material of learned
 * articles. The bot's messages are never kept here, so they can never become knowledge.
 */
@Entity({ name: 'case_messages' })
export class CaseMessage {
  @PrimaryColumn({ name: 'message_id' })
  messageId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ type: 'text' })
  role!: 'customer' | 'agent';

  @Column()
  text!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** The bot answered this question confidently: not what the person resolved. */
  @Column({ name: 'answered_by_bot', type: 'boolean', default: false })
  answeredByBot!: boolean;
}
