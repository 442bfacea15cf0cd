import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createEvent } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import { DeskConversation, Offer } from '../conversations/desk-conversation.entity';
import { QueuesService } from '../queues/queues.service';
import { SettingsService } from '../settings/settings.service';
import { Transfer } from './transfer.entity';
import { transferRefusal, type TransferKind } from './transfer-rules';
import type { TransferBody, TransferResult, TransferView } from './transfer.schemas';

export function toTransferView(transfer: Transfer): TransferView {
  return {
    id: transfer.id,
    kind: transfer.kind,
    fromAgentId: transfer.fromAgentId,
    toAgentId: transfer.toAgentId,
    fromQueue: transfer.fromQueue,
    toQueue: transfer.toQueue,
    note: transfer.note,
    byId: transfer.byId,
    at: transfer.at.toISOString(),
  };
}

/**
 * Moves a conversation to another agent or queue with a note: the assigned agent transfers
 * their own, a supervisor reassigns any of the tenant's. It waits again (queued, nobody
 * assigned, a pending offer withdrawn) in the target queue, with the whole context; to a
 * named agent it is offered to that agent only until `preferredUntil` (dispatch honours it).
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: SettingsService,
    private readonly queues: QueuesService,
  ) {}

  async move(
    principal: Principal,
    conversationId: string,
    kind: TransferKind,
    body: TransferBody,
    now: Date = new Date(),
  ): Promise<TransferResult> {
    const { preferAgentSeconds } = await this.settings.of(principal.tenantId);
    return this.unitOfWork.run(async (tx) => {
      const conversation = await tx.manager.findOne(DeskConversation, {
        where: { id: conversationId, tenantId: principal.tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!conversation) {
        throw new ProblemException(
          404,
          'DESK.CONVERSATION_NOT_FOUND',
          `No conversation ${conversationId} for you.`,
        );
      }
      const toAgentId = body.toAgentId ?? null;
      const targetAgentKnown =
        toAgentId === null
          ? null
          : (await tx.manager.countBy(Agent, { id: toAgentId, tenantId: principal.tenantId })) > 0;
      const refusal = transferRefusal({
        kind,
        actor: { id: principal.subject, role: principal.role },
        conversation,
        toAgentId,
        toQueue: body.toQueue ?? null,
        targetAgentKnown,
      });
      if (refusal) throw new ProblemException(refusal.status, refusal.code, refusal.message);

      if (conversation.status === 'offered') {
        await tx.manager.update(
          Offer,
          { conversationId, tenantId: principal.tenantId, status: 'pending' },
          { status: 'withdrawn' },
        );
      }
      const fromAgentId = conversation.status === 'assigned' ? conversation.agentId : null;
      const fromQueue = conversation.queue;
      conversation.status = 'queued';
      conversation.agentId = null;
      if (body.toQueue && body.toQueue !== conversation.queue) {
        conversation.queue = body.toQueue;
        // Ordered among the new queue's work with that queue's priority.
        conversation.queueBoost = (
          await this.queues.definition(principal.tenantId, body.toQueue, tx.manager)
        ).priority;
      }
      // Its wait starts again; whoever handed it on is asked again only if nobody else can take it.
      conversation.queuedAt = now;
      conversation.passedBy = fromAgentId ? [fromAgentId] : [];
      conversation.preferredAgentId = toAgentId;
      conversation.preferredUntil = toAgentId
        ? new Date(now.getTime() + preferAgentSeconds * 1_000)
        : null;
      await tx.manager.save(conversation);
      const transfer = await tx.manager.save(
        tx.manager.create(Transfer, {
          id: randomUUID(),
          tenantId: principal.tenantId,
          conversationId,
          kind,
          fromAgentId,
          toAgentId,
          fromQueue,
          toQueue: conversation.queue,
          note: body.note,
          byId: principal.subject,
          at: now,
        }),
      );
      tx.emit(
        createEvent('conversation.transferred', {
          tenantId: principal.tenantId,
          aggregateId: conversationId,
          customerId: conversation.handoff.customerId,
          payload: {
            kind,
            fromAgentId,
            toAgentId,
            toQueue: conversation.queue,
            note: body.note,
            byId: principal.subject,
          },
        }),
      );
      return {
        conversationId,
        status: 'queued' as const,
        queue: conversation.queue,
        preferredAgentId: conversation.preferredAgentId,
        preferredUntil: conversation.preferredUntil?.toISOString() ?? null,
        transfer: toTransferView(transfer),
      };
    });
  }
}
