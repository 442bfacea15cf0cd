import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ConversationWait } from '@tandem/contracts';
import { ProblemException } from '@tandem/platform';
import { languagesOf } from '../assignment/choose-agent';
import { nextOpening } from '../calendar/weekly-hours';
import { DeskConversation } from '../conversations/desk-conversation.entity';
import { Queue } from '../queues/queue.entity';
import { defaultQueue } from '../queues/queue-schemas';
import {
  estimateWait,
  queuePosition,
  THROUGHPUT_WINDOW_SECONDS,
  type QueuedConversation,
} from './estimate-wait';

/**
 * Where a conversation waiting for a person stands: its place in its queue, the expected wait
 * from the queue's recent pace, and how many agents who could take it are online. Read by the
 * bot (its waiting notices) and filled into conversation.queued at enqueue time.
 */
@Injectable()
export class WaitingService {
  constructor(private readonly dataSource: DataSource) {}

  async waitOf(
    tenantId: string,
    conversationId: string,
    now = new Date(),
  ): Promise<ConversationWait> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId });
    if (!conversation) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId}.`,
      );
    }
    return this.waitIn(this.dataSource.manager, conversation, now);
  }

  /** In the caller's transaction (enqueue sees the conversation it has just saved). */
  async waitIn(
    manager: EntityManager,
    conversation: DeskConversation,
    now: Date,
  ): Promise<ConversationWait> {
    const { tenantId, queue } = conversation;
    const waiting: QueuedConversation[] =
      conversation.status === 'queued'
        ? await manager.find(DeskConversation, {
            select: { id: true, status: true, priorityRank: true, queuedAt: true },
            where: { tenantId, queue, status: In(['queued', 'offered']) },
          })
        : [];
    const [assigned]: { count: string }[] = await manager.query(
      `SELECT count(*) AS count FROM conversations
        WHERE tenant_id = $1 AND queue = $2 AND assigned_at > $3`,
      [tenantId, queue, new Date(now.getTime() - THROUGHPUT_WINDOW_SECONDS * 1_000)],
    );
    // Online agents who speak the language and have every skill the router asked for.
    const [online]: { count: string }[] = await manager.query(
      `SELECT count(*) AS count FROM agents
        WHERE tenant_id = $1 AND presence = 'online' AND active
          AND languages @> $2::text[] AND skills ?& $3::text[]`,
      [
        tenantId,
        languagesOf(conversation.skills),
        conversation.skills.filter((skill) => !skill.startsWith('lang:')),
      ],
    );
    const definition =
      (await manager.findOneBy(Queue, { tenantId, name: queue })) ?? defaultQueue(queue);
    const opening = conversation.status === 'queued' ? nextOpening(definition.hours, now) : now;
    const position = queuePosition(conversation, waiting);
    const agentsOnline = Number(online?.count ?? 0);
    return {
      status: conversation.status,
      queue,
      position,
      estimatedWaitSeconds: estimateWait({
        position,
        assignedInWindow: Number(assigned?.count ?? 0),
        windowSeconds: THROUGHPUT_WINDOW_SECONDS,
        agentsOnline,
      }),
      agentsOnline,
      slaSeconds: definition.slaSeconds,
      // Closed now: when it opens (null: not within 14 days).
      ...(opening !== now ? { opensAt: opening?.toISOString() ?? null } : {}),
    };
  }
}
