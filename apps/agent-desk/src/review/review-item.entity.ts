import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PayloadOf } from '@tandem/contracts';

export type ReviewStatus = 'pending' | 'reviewed';
export type Verdict = 'right' | 'wrong';

/**
 * One of the bot's answers as the review queue keeps it: every answer for a while (a rating
 * or a poor CSAT may flag it later), and those with reasons are listed for supervisors.
 */
@Entity({ name: 'review_items' })
export class ReviewItem {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  /** The bot's reply id: the item's id in the API. */
  @PrimaryColumn({ name: 'reply_id' })
  replyId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'customer_id' })
  customerId!: string;

  /** The customer's latest message before the answer ('' when the desk never saw one). */
  @Column()
  question!: string;

  @Column()
  answer!: string;

  @Column({ type: 'text' })
  language!: PayloadOf<'bot.replied'>['language'];

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ type: 'jsonb' })
  sources!: PayloadOf<'bot.replied'>['sources'];

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;

  /** Why it is in the queue; empty: remembered only. */
  @Column({ type: 'text', array: true })
  reasons!: string[];

  /** When it first got a reason. */
  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true })
  flaggedAt!: Date | null;

  /** The customer's latest rating of it. */
  @Column({ type: 'text', nullable: true })
  rating!: 'helpful' | 'not_helpful' | null;

  @Column({ type: 'text' })
  status!: ReviewStatus;

  @Column({ type: 'text', nullable: true })
  verdict!: Verdict | null;

  @Column({ type: 'text', nullable: true })
  correction!: string | null;

  @Column({ name: 'reviewer_id', type: 'text', nullable: true })
  reviewerId!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;
}

/** Per conversation, the customer's latest message: the question the next answer answers. */
@Entity({ name: 'review_questions' })
export class ReviewQuestion {
  @PrimaryColumn({ name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'message_id' })
  messageId!: string;

  @Column({ name: 'customer_id' })
  customerId!: string;

  @Column()
  text!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
