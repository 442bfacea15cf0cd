import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PayloadOf } from '@tandem/contracts';

/** The bot's latest assist suggestion for a conversation (articles and a drafted reply), for the agent. */
@Entity({ name: 'assist_suggestions' })
export class AssistSuggestion {
  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  /** The customer message it answers. */
  @Column({ name: 'message_id' })
  messageId!: string;

  @Column({ type: 'jsonb' })
  articles!: PayloadOf<'assist.suggested'>['articles'];

  @Column({ name: 'draft_reply', type: 'text', nullable: true })
  draftReply!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
