import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { LOGGER } from '@tandem/platform';
import { QueueSnapshots } from './queue-snapshots';
import { agentRoom, conversationRoom, RealtimeRooms, supervisorsRoom } from './realtime-rooms';
import type { MessageEvent, OfferEvent } from './socket-events';

interface OfferRow {
  queue: string;
  priority: OfferEvent['priority'];
  reasons: OfferEvent['reasons'] | null;
  language: OfferEvent['language'] | null;
  channel_type: OfferEvent['channelType'] | null;
  display_name: string | null;
  queued_at: Date;
}

/**
 * Turns log events into socket events. Each log event is read by one desk instance (one
 * consumer group); its emit reaches the sockets on every instance through the Redis adapter.
 * Per event: at most one indexed read of the desk's tables and one emit.
 */
@Injectable()
export class RealtimeRelay {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rooms: RealtimeRooms,
    private readonly queues: QueueSnapshots,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** What the agent needs to decide, from the desk's copy of the handoff. */
  async offerCreated(event: EventEnvelope<'offer.created'>): Promise<void> {
    const [row]: OfferRow[] = await this.dataSource.query(
      `SELECT queue, priority, handoff -> 'reasons' AS reasons, handoff ->> 'language' AS language,
              handoff -> 'channel' ->> 'type' AS channel_type,
              handoff -> 'customer' ->> 'displayName' AS display_name, queued_at
         FROM conversations WHERE id = $1 AND tenant_id = $2`,
      [event.aggregateId, event.tenantId],
    );
    if (!row) {
      this.logger.warn({ offerId: event.payload.offerId }, 'offer of an unknown conversation');
      return;
    }
    const { offerId, agentId, expiresAt } = event.payload;
    this.rooms.emit([agentRoom(agentId)], {
      type: 'offer',
      at: event.occurredAt,
      eventId: event.id,
      offerId,
      conversationId: event.aggregateId,
      expiresAt,
      queue: row.queue,
      priority: row.priority,
      reasons: row.reasons ?? [],
      language: row.language ?? 'other',
      channelType: row.channel_type ?? 'generic',
      customerDisplayName: row.display_name,
      queuedAt: new Date(row.queued_at).toISOString(),
    });
  }

  offerEnded(event: EventEnvelope<'offer.expired' | 'offer.declined'>): void {
    this.rooms.emit([agentRoom(event.payload.agentId)], {
      type: 'offer.withdrawn',
      at: event.occurredAt,
      eventId: event.id,
      offerId: event.payload.offerId,
      conversationId: event.aggregateId,
      reason: event.type === 'offer.expired' ? 'expired' : 'declined',
    });
  }

  /**
   * To the assignee and the watchers; an offer someone else still held when it was taken is
   * withdrawn from them; the queue has one fewer waiting.
   */
  async assigned(event: EventEnvelope<'conversation.assigned'>): Promise<void> {
    const { agentId, agentName, offerId } = event.payload;
    const conversationId = event.aggregateId;
    this.rooms.emit([agentRoom(agentId), conversationRoom(conversationId)], {
      type: 'conversation.assigned',
      at: event.occurredAt,
      eventId: event.id,
      conversationId,
      offerId,
      agentId,
      agentName,
    });
    const rows: { queue: string; offer_id: string | null; agent_id: string | null }[] =
      await this.dataSource.query(
        `SELECT c.queue, o.id AS offer_id, o.agent_id FROM conversations c
           LEFT JOIN offers o ON o.conversation_id = c.id AND o.agent_id <> $3
                AND o.status NOT IN ('accepted', 'declined', 'expired') AND o.expires_at > $4
          WHERE c.id = $1 AND c.tenant_id = $2`,
        [conversationId, event.tenantId, agentId, event.occurredAt],
      );
    for (const row of rows) {
      if (!row.offer_id || !row.agent_id) continue;
      this.rooms.emit([agentRoom(row.agent_id)], {
        type: 'offer.withdrawn',
        at: event.occurredAt,
        eventId: event.id,
        offerId: row.offer_id,
        conversationId,
        reason: 'assigned_elsewhere',
      });
    }
    if (rows[0]) this.queues.changed(event.tenantId, rows[0].queue);
  }

  /** A message of a desk conversation: to its assigned agent and its watchers. */
  async message(
    event: EventEnvelope<'message.received' | 'bot.replied' | 'agent.replied'>,
  ): Promise<void> {
    const rooms = await this.audience(event);
    if (!rooms) return;
    let message: Pick<MessageEvent, 'messageId' | 'role' | 'agentId' | 'attachments'>;
    if (event.type === 'message.received') {
      const { payload } = event as EventEnvelope<'message.received'>;
      message = {
        messageId: payload.messageId,
        role: 'customer',
        agentId: null,
        attachments: payload.attachments.flatMap((attachment) =>
          attachment.status === 'stored'
            ? [
                {
                  id: attachment.id,
                  kind: attachment.kind,
                  ...(attachment.name !== undefined ? { name: attachment.name } : {}),
                  mimeType: attachment.mimeType,
                  sizeBytes: attachment.sizeBytes,
                },
              ]
            : [],
        ),
      };
    } else if (event.type === 'bot.replied') {
      const { payload } = event as EventEnvelope<'bot.replied'>;
      message = { messageId: payload.replyId, role: 'bot', agentId: null, attachments: [] };
    } else {
      const { payload } = event as EventEnvelope<'agent.replied'>;
      message = {
        messageId: payload.replyId,
        role: 'agent',
        agentId: payload.agentId,
        attachments: [],
      };
    }
    this.rooms.emit(rooms, {
      type: 'message',
      at: event.occurredAt,
      eventId: event.id,
      conversationId: event.aggregateId,
      text: event.payload.text,
      ...message,
    });
  }

  /** Assist suggestions are for the assigned agent only. */
  async assist(event: EventEnvelope<'assist.suggested'>): Promise<void> {
    const agentId = await this.assignedAgent(event);
    if (!agentId) return;
    this.rooms.emit([agentRoom(agentId)], {
      type: 'assist',
      at: event.occurredAt,
      eventId: event.id,
      conversationId: event.aggregateId,
      messageId: event.payload.messageId,
      articles: event.payload.articles,
      draftReply: event.payload.draftReply,
    });
  }

  async delivery(event: EventEnvelope<'delivery.succeeded' | 'delivery.failed'>): Promise<void> {
    const rooms = await this.audience(event);
    if (!rooms) return;
    const failed =
      event.type === 'delivery.failed' ? (event as EventEnvelope<'delivery.failed'>).payload : null;
    this.rooms.emit(rooms, {
      type: 'delivery',
      at: event.occurredAt,
      eventId: event.id,
      conversationId: event.aggregateId,
      replyId: event.payload.replyId,
      status: failed ? 'failed' : 'delivered',
      attempts: event.payload.attempts,
      reason: failed?.reason ?? null,
      unreachable: failed?.unreachable ?? null,
    });
  }

  queueChanged(event: EventEnvelope<'conversation.queued' | 'conversation.abandoned'>): void {
    this.queues.changed(event.tenantId, event.payload.queue);
  }

  /** The conversation waits in another queue; the agent it left stops watching it. */
  transferred(event: EventEnvelope<'conversation.transferred'>): void {
    const { fromAgentId, toAgentId, toQueue } = event.payload;
    if (fromAgentId && fromAgentId !== toAgentId)
      this.rooms.leave(agentRoom(fromAgentId), conversationRoom(event.aggregateId));
    this.queues.changed(event.tenantId, toQueue);
  }

  presence(event: EventEnvelope<'agent.presence_changed'>): void {
    const { agentId, presence, busyState, cause } = event.payload;
    this.rooms.emit([supervisorsRoom(event.tenantId), agentRoom(agentId)], {
      type: 'presence',
      at: event.occurredAt,
      eventId: event.id,
      agentId,
      presence,
      busyState,
      cause,
    });
  }

  /** The assigned agent (while assigned) and the watchers; null for a conversation the desk never had. */
  private async audience(event: EventEnvelope): Promise<string[] | null> {
    const [row]: { status: string; agent_id: string | null }[] = await this.dataSource.query(
      `SELECT status, agent_id FROM conversations WHERE id = $1 AND tenant_id = $2`,
      [event.aggregateId, event.tenantId],
    );
    if (!row) return null;
    const rooms = [conversationRoom(event.aggregateId)];
    if (row.status === 'assigned' && row.agent_id) rooms.push(agentRoom(row.agent_id));
    return rooms;
  }

  private async assignedAgent(event: EventEnvelope): Promise<string | null> {
    const [row]: { agent_id: string | null }[] = await this.dataSource.query(
      `SELECT agent_id FROM conversations WHERE id = $1 AND tenant_id = $2 AND status = 'assigned'`,
      [event.aggregateId, event.tenantId],
    );
    return row?.agent_id ?? null;
  }
}
