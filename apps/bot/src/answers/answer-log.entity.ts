import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** What the bot did with each customer message, and why. */
@Entity({ name: 'answer_log' })
export class AnswerLogEntry {
  @PrimaryColumn({ name: 'message_id' })
  messageId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ type: 'text' })
  outcome!: 'answered' | 'deferred' | 'silent';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ name: 'article_id', type: 'text', nullable: true })
  articleId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
