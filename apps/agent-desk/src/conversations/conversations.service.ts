import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { createEvent, ERASED_TEXT, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { mediaOf } from '../agents/seat';
import { QueuesService } from '../queues/queues.service';
import { WaitingService } from '../waiting/waiting.service';
import { DeskConversation, DeskMessage, PRIORITY_RANK } from './desk-conversation.entity';

export const DESK_CONSUMER = 'agent-desk';

export interface ConversationView {
  id: string;
  status: string;
  queue: string;
  priority: string;
  agentId: string | null;
  queuedAt: string;
  assignedAt: string | null;
  resolvedAt: string | null;
  handoff: DeskConversation['handoff'];
  messages: { id: string; role: string; text: string; at: string }[];
}

@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly waiting: WaitingService,
    private readonly queues: QueuesService,
  ) {}

  /**
   * An erased customer's conversations: every message goes, and the handoff keeps only what
   * is not personal (reasons, queue, channel type) for the desk's figures.
   */
  async erase(event: EventEnvelope<'customer.erased'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      const ids = event.payload.conversationIds;
      await tx.manager.query(
        `DELETE FROM messages WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await tx.manager.query(
        `UPDATE conversations
            SET handoff = handoff || jsonb_build_object('summary', $3::text, 'transcript', '[]'::jsonb, 'customer', NULL)
          WHERE tenant_id = $1 AND id = ANY($2)`,
        [event.tenantId, ids, ERASED_TEXT],
      );
    });
  }

  /** An escalation puts the conversation in its queue, with the whole handoff context. */
  async enqueue(event: EventEnvelope<'escalation.decided'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      const { payload } = event;
      const existing = await tx.manager.findOneBy(DeskConversation, {
        id: event.aggregateId,
        tenantId: event.tenantId,
      });
      if (existing && existing.status !== 'resolved') return;
      const queue = await this.queues.definition(event.tenantId, payload.queue, tx.manager);
      const conversation = await tx.manager.save(
        tx.manager.create(DeskConversation, {
          id: event.aggregateId,
          tenantId: event.tenantId,
          status: 'queued',
          queue: payload.queue,
          priority: payload.priority,
          priorityRank: PRIORITY_RANK[payload.priority],
          skills: payload.skills,
          media: mediaOf(payload.handoff.channel.type),
          queueBoost: queue.priority,
          preferredAgentId: null,
          preferredUntil: null,
          agentId: null,
          passedBy: [],
          handoff: { ...payload.handoff, reasons: payload.reasons },
          queuedAt: new Date(event.occurredAt),
          assignedAt: null,
          resolvedAt: null,
          wrapUpCode: null,
        }),
      );
      // Its place and expected wait now, so the customer hears them at once (the bot's notice).
      const wait = await this.waiting.waitIn(tx.manager, conversation, new Date());
      tx.emit(
        createEvent('conversation.queued', {
          tenantId: event.tenantId,
          aggregateId: event.aggregateId,
          cause: event,
          payload: {
            queue: payload.queue,
            priority: payload.priority,
            ...(wait.position !== null ? { position: wait.position } : {}),
            estimatedWaitSeconds: wait.estimatedWaitSeconds,
            agentsOnline: wait.agentsOnline,
            slaSeconds: queue.slaSeconds,
            ...(wait.opensAt ? { opensAt: wait.opensAt } : {}),
          },
        }),
      );
    });
  }

  /** The model's summary replaces the extractive one in the handoff the agent reads. */
  async summarized(event: EventEnvelope<'handoff.summarized'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      await tx.manager.query(
        `UPDATE conversations
            SET handoff = handoff || jsonb_build_object('summary', $3::text, 'summarySource', 'model')
          WHERE tenant_id = $1 AND id = $2`,
        [event.tenantId, event.aggregateId, event.payload.summary],
      );
    });
  }

  /** Customer and bot messages, as they happen, so the transcript is complete at handoff. */
  async record(event: EventEnvelope<'message.received' | 'bot.replied'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      const message =
        event.type === 'message.received'
          ? {
              id: (event as EventEnvelope<'message.received'>).payload.messageId,
              role: 'customer' as const,
            }
          : { id: (event as EventEnvelope<'bot.replied'>).payload.replyId, role: 'bot' as const };
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(DeskMessage)
        .values({
          ...message,
          tenantId: event.tenantId,
          conversationId: event.aggregateId,
          text: event.payload.text,
          authorId: null,
          at: new Date(event.occurredAt),
        })
        .orIgnore()
        .execute();
    });
  }

  async reply(
    principal: Principal,
    conversationId: string,
    text: string,
  ): Promise<{ replyId: string }> {
    return this.unitOfWork.run(async (tx) => {
      const conversation = await this.lockOwned(tx.manager, principal, conversationId);
      if (conversation.status !== 'assigned') {
        throw new ProblemException(
          409,
          'DESK.CONVERSATION_NOT_ACTIVE',
          `The conversation is ${conversation.status}.`,
        );
      }
      const replyId = randomUUID();
      const event = createEvent('agent.replied', {
        tenantId: principal.tenantId,
        aggregateId: conversationId,
        customerId: conversation.handoff.customerId,
        payload: { replyId, agentId: principal.subject, text },
      });
      await tx.manager.insert(DeskMessage, {
        id: replyId,
        tenantId: principal.tenantId,
        conversationId,
        role: 'agent',
        text,
        authorId: principal.subject,
        at: new Date(event.occurredAt),
      });
      tx.emit(event);
      return { replyId };
    });
  }

  async resolve(
    principal: Principal,
    conversationId: string,
    wrapUpCode: string,
    note: string,
  ): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const conversation = await this.lockOwned(tx.manager, principal, conversationId);
      if (conversation.status !== 'assigned') {
        throw new ProblemException(
          409,
          'DESK.CONVERSATION_NOT_ACTIVE',
          `The conversation is ${conversation.status}.`,
        );
      }
      conversation.status = 'resolved';
      conversation.resolvedAt = new Date();
      conversation.wrapUpCode = wrapUpCode;
      await tx.manager.save(conversation);
      tx.emit(
        createEvent('conversation.resolved', {
          tenantId: principal.tenantId,
          aggregateId: conversationId,
          customerId: conversation.handoff.customerId,
          payload: { agentId: conversation.agentId ?? principal.subject, wrapUpCode, note },
        }),
      );
    });
  }

  async listMine(principal: Principal): Promise<DeskConversation[]> {
    return this.dataSource.getRepository(DeskConversation).find({
      where: { tenantId: principal.tenantId, agentId: principal.subject, status: In(['assigned']) },
      order: { assignedAt: 'ASC' },
    });
  }

  async view(principal: Principal, conversationId: string): Promise<ConversationView> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    if (!conversation || !this.maySee(principal, conversation)) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    }
    const messages = await this.dataSource.getRepository(DeskMessage).find({
      where: { tenantId: principal.tenantId, conversationId },
      order: { at: 'ASC' },
    });
    return {
      id: conversation.id,
      status: conversation.status,
      queue: conversation.queue,
      priority: conversation.priority,
      agentId: conversation.agentId,
      queuedAt: conversation.queuedAt.toISOString(),
      assignedAt: conversation.assignedAt?.toISOString() ?? null,
      resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
      handoff: conversation.handoff,
      messages: messages.map((message) => ({
        id: message.id,
        role: message.role,
        text: message.text,
        at: message.at.toISOString(),
      })),
    };
  }

  /** Agents see their own work; supervisors and admins monitor their whole tenant. */
  private maySee(principal: Principal, conversation: DeskConversation): boolean {
    return principal.role !== 'agent' || conversation.agentId === principal.subject;
  }

  private async lockOwned(
    manager: DataSource['manager'],
    principal: Principal,
    conversationId: string,
  ): Promise<DeskConversation> {
    const conversation = await manager.findOne(DeskConversation, {
      where: { id: conversationId, tenantId: principal.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!conversation || conversation.agentId !== principal.subject) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} assigned to you.`,
      );
    }
    return conversation;
  }
}
