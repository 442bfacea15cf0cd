import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type NoAgentOnline = 'queue' | 'callback' | 'message';

export type ConversationMode = 'bot' | 'queued' | 'human' | 'resolved';

/** The bot's projection of each conversation's mode, folded from the conversation log. */
@Entity({ name: 'conversation_modes' })
export class ConversationModeRow {
  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text' })
  mode!: ConversationMode;

  /** The customer's language as last known (their messages, the handoff): for waiting notices. */
  @Column({ type: 'text', nullable: true })
  language!: 'zh' | 'en' | 'other' | null;

  /** When the bot last told the customer where they stand in the queue. */
  @Column({ name: 'last_notice_at', type: 'timestamptz', nullable: true })
  lastNoticeAt!: Date | null;

  /** What the tenant's policy offers while nobody who could take it is online (null: queue). */
  @Column({ name: 'no_agent_online', type: 'text', nullable: true })
  noAgentOnline!: NoAgentOnline | null;

  /** For a resolved conversation: a customer message up to then reopens it for a person (null: never). */
  @Column({ name: 'reopen_until', type: 'timestamptz', nullable: true })
  reopenUntil!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
