import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HistoryAttachment } from './webchat-history';

export type WebchatRole = 'customer' | 'bot' | 'agent';

/** One line of a visitor's web chat history (table webchat_messages). */
@Entity({ name: 'webchat_messages' })
export class WebchatMessage {
  /** The gateway's message id for a customer message, the reply id for a reply. */
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'visitor_id' })
  visitorId!: string;

  @Column({ type: 'text' })
  role!: WebchatRole;

  @Column({ type: 'text', nullable: true })
  action!: 'request_human' | null;

  /** The agent's name on an agent's reply (null otherwise, and on rows stored before it existed). */
  @Column({ name: 'author_name', type: 'text', nullable: true })
  authorName!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'jsonb', default: [] })
  attachments!: HistoryAttachment[];

  @Column({ name: 'client_message_id', type: 'text', nullable: true })
  clientMessageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
