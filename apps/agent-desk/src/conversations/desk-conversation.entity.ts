import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PayloadOf, Sentiment } from '@tandem/contracts';
import type { Media } from '../agents/seat';

export type DeskStatus = 'queued' | 'offered' | 'assigned' | 'resolved' | 'abandoned';
/** Waiting for a person: in a queue, or reserved for one agent. */
export const WAITING_STATUSES: readonly DeskStatus[] = ['queued', 'offered'];
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The router's handoff as the desk keeps it: everything in the event, with its reasons. */
export type Handoff = PayloadOf<'escalation.decided'>['handoff'] & {
  reasons: { code: string; detail: string }[];
};

/** A conversation people work on: queued, offered, assigned, resolved (or abandoned). */
@Entity({ name: 'conversations' })
export class DeskConversation {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text' })
  status!: DeskStatus;

  @Column()
  queue!: string;

  @Column({ type: 'text' })
  priority!: Priority;

  @Column({ name: 'priority_rank', type: 'int' })
  priorityRank!: number;

  @Column({ type: 'text', array: true })
  skills!: string[];

  /** What it takes from an agent's capacity (mediaOf the handoff's channel type). */
  @Column({ type: 'text' })
  media!: Media;

  /** Its queue's priority, added to priorityRank when ordering waiting work. */
  @Column({ name: 'queue_boost', type: 'int' })
  queueBoost!: number;

  /** Until preferredUntil only this agent may be offered it (transfer to an agent, reopen). */
  @Column({ name: 'preferred_agent_id', type: 'uuid', nullable: true })
  preferredAgentId!: string | null;

  @Column({ name: 'preferred_until', type: 'timestamptz', nullable: true })
  preferredUntil!: Date | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'passed_by', type: 'text', array: true })
  passedBy!: string[];

  @Column({ type: 'jsonb' })
  handoff!: Handoff;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'wrap_up_code', type: 'text', nullable: true })
  wrapUpCode!: string | null;

  /** Set when a person resolved it: a customer message until then reopens it. */
  @Column({ name: 'reopen_until', type: 'timestamptz', nullable: true })
  reopenUntil!: Date | null;

  @Column({ name: 'abandoned_at', type: 'timestamptz', nullable: true })
  abandonedAt!: Date | null;

  /** How the person resolved it (with the wrap-up code). */
  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote!: string | null;

  /** The customer's latest sentiment while it is open (message.analyzed); null: none since the handoff. */
  @Column({ type: 'jsonb', nullable: true })
  sentiment!: Sentiment | null;

  @Column({ name: 'sentiment_at', type: 'timestamptz', nullable: true })
  sentimentAt!: Date | null;
}

/** Everything said in a conversation, by whom: what the agent reads. */
@Entity({ name: 'messages' })
export class DeskMessage {
  @PrimaryColumn()
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ type: 'text' })
  role!: 'customer' | 'bot' | 'agent';

  @Column()
  text!: string;

  @Column({ name: 'author_id', type: 'text', nullable: true })
  authorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** For the agent's messages: what the gateway reported (null until it did). */
  @Column({ name: 'delivery_status', type: 'text', nullable: true })
  deliveryStatus!: 'sent' | 'delivered' | 'failed' | null;

  /** Why a delivery failed. */
  @Column({ name: 'delivery_detail', type: 'text', nullable: true })
  deliveryDetail!: string | null;
}

/** A reservation of one conversation for one agent, until it is accepted, declined or expires. */
@Entity({ name: 'offers' })
export class Offer {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ type: 'text' })
  status!: 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
