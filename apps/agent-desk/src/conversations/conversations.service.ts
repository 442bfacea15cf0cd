import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { createEvent, ERASED_TEXT, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { SettingsService } from '../settings/settings.service';
import { mediaOf } from '../agents/seat';
import { QueuesService } from '../queues/queues.service';
import { WaitingService } from '../waiting/waiting.service';
import { WrapUpCode } from '../wrap-up/wrap-up-code.entity';
import { wrapUpRefusal } from '../wrap-up/wrap-up-rules';
import { DeskConversation, DeskMessage, PRIORITY_RANK } from './desk-conversation.entity';
import { reopens, reopenUntil } from './reopen-window';

export const DESK_CONSUMER = 'agent-desk';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly waiting: WaitingService,
    private readonly settings: SettingsService,
    private readonly queues: QueuesService,
  ) {}

  /**
   * An erased customer's conversations: every message, note and assist suggestion goes; the
   * handoff, resolution and transfer notes keep only what is not personal (reasons, queue,
   * channel type) for the desk's figures.
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
            SET handoff = handoff || jsonb_build_object('summary', $3::text, 'transcript', '[]'::jsonb, 'customer', NULL),
                resolution_note = CASE WHEN resolution_note IS NULL THEN NULL ELSE $3::text END
          WHERE tenant_id = $1 AND id = ANY($2)`,
        [event.tenantId, ids, ERASED_TEXT],
      );
      // Notes and transfer notes may quote the customer.
      await tx.manager.query(
        `DELETE FROM notes WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, ids],
      );
      await tx.manager.query(
        `UPDATE transfers SET note = $3 WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, ids, ERASED_TEXT],
      );
      await tx.manager.query(
        `DELETE FROM assist_suggestions WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, ids],
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
      if (existing && existing.status !== 'resolved' && existing.status !== 'abandoned') return;
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
          resolutionNote: null,
          reopenUntil: null,
          abandonedAt: null,
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

  /**
   * Customer and bot messages, as they happen, so the transcript is complete at handoff. A
   * customer message within the reopen window of a conversation a person resolved queues it
   * again (same queue, priority and handoff), the previous agent first. Returns whether it did.
   */
  async record(event: EventEnvelope<'message.received' | 'bot.replied'>): Promise<boolean> {
    let reopened = false;
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
      if (event.type === 'message.received')
        reopened = await this.reopenIfWithinWindow(tx, event as EventEnvelope<'message.received'>);
    });
    return reopened;
  }

  private async reopenIfWithinWindow(
    tx: Tx,
    event: EventEnvelope<'message.received'>,
  ): Promise<boolean> {
    const conversation = await tx.manager.findOne(DeskConversation, {
      where: { id: event.aggregateId, tenantId: event.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    const at = new Date(event.occurredAt);
    if (!conversation || !reopens(conversation, at)) return false;
    const { preferAgentSeconds } = await this.settings.of(event.tenantId);
    const previousAgentId = conversation.agentId;
    const resolvedAt = conversation.resolvedAt ?? at;
    conversation.status = 'queued';
    conversation.agentId = null;
    conversation.passedBy = [];
    conversation.queuedAt = at;
    conversation.resolvedAt = null;
    conversation.wrapUpCode = null;
    conversation.resolutionNote = null;
    conversation.reopenUntil = null;
    conversation.preferredAgentId = previousAgentId;
    conversation.preferredUntil =
      previousAgentId && preferAgentSeconds > 0
        ? new Date(at.getTime() + preferAgentSeconds * 1_000)
        : null;
    await tx.manager.save(conversation);
    const wait = await this.waiting.waitIn(tx.manager, conversation, at);
    const common = { tenantId: event.tenantId, aggregateId: event.aggregateId, cause: event };
    tx.emit(
      createEvent('conversation.reopened', {
        ...common,
        payload: {
          previousAgentId,
          resolvedAt: resolvedAt.toISOString(),
          messageId: event.payload.messageId,
        },
      }),
    );
    // Waiting again, as after an escalation: the bot tells the customer their place.
    tx.emit(
      createEvent('conversation.queued', {
        ...common,
        payload: {
          queue: conversation.queue,
          priority: conversation.priority,
          ...(wait.position !== null ? { position: wait.position } : {}),
          estimatedWaitSeconds: wait.estimatedWaitSeconds,
          agentsOnline: wait.agentsOnline,
        },
      }),
    );
    return true;
  }

  /** What the gateway reports about an agent's message: delivered, or failed with the reason. */
  async delivered(event: EventEnvelope<'delivery.succeeded' | 'delivery.failed'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      const failed = event.type === 'delivery.failed';
      await tx.manager.update(
        DeskMessage,
        { id: event.payload.replyId, tenantId: event.tenantId, role: 'agent' },
        {
          deliveryStatus: failed ? 'failed' : 'delivered',
          deliveryDetail: failed
            ? (event as EventEnvelope<'delivery.failed'>).payload.reason
            : null,
        },
      );
    });
  }

  /** The bot's assist suggestion: the latest one per conversation is what the agent sees. */
  /**
   * The customer's latest sentiment on an open conversation. One guarded UPDATE, no inbox
   * row: applying it twice changes nothing, and an older analysis never overwrites a newer.
   */
  async analyzed(event: EventEnvelope<'message.analyzed'>): Promise<void> {
    await this.unitOfWork.run((tx) =>
      tx.manager.query(
        `UPDATE conversations SET sentiment = $3::jsonb, sentiment_at = $4
        WHERE id = $1 AND tenant_id = $2 AND status IN ('queued', 'offered', 'assigned')
          AND (sentiment_at IS NULL OR sentiment_at <= $4)`,
        [
          event.aggregateId,
          event.tenantId,
          JSON.stringify(event.payload.sentiment),
          new Date(event.occurredAt),
        ],
      ),
    );
  }

  async suggested(event: EventEnvelope<'assist.suggested'>): Promise<void> {
    await this.unitOfWork.handleOnce(DESK_CONSUMER, event, async (tx) => {
      await tx.manager.query(
        `INSERT INTO assist_suggestions (conversation_id, tenant_id, message_id, articles, draft_reply, at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (conversation_id) DO UPDATE
           SET message_id = EXCLUDED.message_id, articles = EXCLUDED.articles,
               draft_reply = EXCLUDED.draft_reply, at = EXCLUDED.at
         WHERE assist_suggestions.at <= EXCLUDED.at`,
        [
          event.aggregateId,
          event.tenantId,
          event.payload.messageId,
          JSON.stringify(event.payload.articles),
          event.payload.draftReply,
          new Date(event.occurredAt),
        ],
      );
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
        payload: {
          replyId,
          agentId: principal.subject,
          text,
          ...(principal.name ? { agentName: principal.name } : {}),
        },
      });
      await tx.manager.insert(DeskMessage, {
        id: replyId,
        tenantId: principal.tenantId,
        conversationId,
        role: 'agent',
        text,
        authorId: principal.subject,
        at: new Date(event.occurredAt),
        deliveryStatus: 'sent',
        deliveryDetail: null,
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
    now: Date = new Date(),
  ): Promise<void> {
    const { reopenWindowSeconds } = await this.settings.of(principal.tenantId);
    await this.unitOfWork.run(async (tx) => {
      const conversation = await this.lockOwned(tx.manager, principal, conversationId);
      if (conversation.status !== 'assigned') {
        throw new ProblemException(
          409,
          'DESK.CONVERSATION_NOT_ACTIVE',
          `The conversation is ${conversation.status}.`,
        );
      }
      const codes = await tx.manager.find(WrapUpCode, { where: { tenantId: principal.tenantId } });
      const refusal = wrapUpRefusal(codes, wrapUpCode, note);
      if (refusal) throw new ProblemException(400, refusal.code, refusal.message);
      const until = reopenUntil(now, reopenWindowSeconds);
      conversation.status = 'resolved';
      conversation.resolvedAt = now;
      conversation.wrapUpCode = wrapUpCode;
      conversation.resolutionNote = note;
      conversation.reopenUntil = until;
      conversation.preferredAgentId = null;
      conversation.preferredUntil = null;
      await tx.manager.save(conversation);
      tx.emit(
        createEvent('conversation.resolved', {
          tenantId: principal.tenantId,
          aggregateId: conversationId,
          customerId: conversation.handoff.customerId,
          payload: {
            agentId: conversation.agentId ?? principal.subject,
            wrapUpCode,
            note,
            reopenUntil: until?.toISOString() ?? null,
          },
        }),
      );
    });
  }

  private async lockOwned(
    manager: EntityManager,
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
