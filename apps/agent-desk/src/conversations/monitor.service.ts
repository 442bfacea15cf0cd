import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import { DeskNote } from '../notes/note.entity';
import { Transfer } from '../transfers/transfer.entity';
import { toTransferView } from '../transfers/transfers.service';
import { toNoteView } from '../notes/notes.service';
import { AssistSuggestion } from './assist-suggestion.entity';
import type {
  ConversationList,
  ConversationListQuery,
  ConversationSummary,
  ConversationView,
} from './conversation.schemas';
import { DeskConversation, DeskMessage } from './desk-conversation.entity';

/** Agents see their own work; supervisors and admins (and services) monitor their whole tenant. */
export function maySee(principal: Principal, conversation: { agentId: string | null }): boolean {
  return principal.role !== 'agent' || conversation.agentId === principal.subject;
}

/** Reading conversations: the monitor list and the full view an agent works from. */
@Injectable()
export class MonitorService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest queued first, keyset-paged by (queued_at, id). */
  async list(principal: Principal, query: ConversationListQuery): Promise<ConversationList> {
    const builder = this.dataSource
      .getRepository(DeskConversation)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenantId', { tenantId: principal.tenantId });
    const agentId = principal.role === 'agent' ? principal.subject : query.agentId;
    if (agentId) builder.andWhere('c.agent_id = :agentId', { agentId });
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.queue) builder.andWhere('c.queue = :queue', { queue: query.queue });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      builder.andWhere('(c.queued_at, c.id) < (:cursorAt, :cursorId)', {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    }
    const rows = await builder
      .orderBy('c.queued_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const lastWrote = await this.lastCustomerMessages(principal.tenantId, page);
    return {
      conversations: page.map((row) => toSummary(row, lastWrote.get(row.id) ?? null)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.queuedAt, last.id) : null,
    };
  }

  /** When the customer last wrote in each conversation, since the handoff or in its transcript. */
  private async lastCustomerMessages(
    tenantId: string,
    conversations: DeskConversation[],
  ): Promise<Map<string, Date>> {
    const latest = new Map<string, Date>();
    for (const conversation of conversations) {
      const said = conversation.handoff.transcript.findLast((entry) => entry.role === 'customer');
      if (said) latest.set(conversation.id, new Date(said.at));
    }
    if (conversations.length === 0) return latest;
    const rows: { conversation_id: string; at: Date }[] = await this.dataSource.query(
      `SELECT conversation_id, max(at) AS at FROM messages
        WHERE tenant_id = $1 AND conversation_id = ANY($2::text[]) AND role = 'customer'
        GROUP BY conversation_id`,
      [tenantId, conversations.map((conversation) => conversation.id)],
    );
    for (const row of rows) {
      const before = latest.get(row.conversation_id);
      if (!before || before < row.at) latest.set(row.conversation_id, row.at);
    }
    return latest;
  }

  async view(principal: Principal, conversationId: string): Promise<ConversationView> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    if (!conversation || !maySee(principal, conversation)) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    }
    const where = { tenantId: principal.tenantId, conversationId };
    const [messages, notes, transfers, assist] = await Promise.all([
      this.dataSource.getRepository(DeskMessage).find({ where, order: { at: 'ASC' } }),
      this.dataSource.getRepository(DeskNote).find({ where, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(Transfer).find({ where, order: { at: 'ASC' } }),
      this.dataSource.getRepository(AssistSuggestion).findOneBy(where),
    ]);
    return {
      id: conversation.id,
      status: conversation.status,
      queue: conversation.queue,
      priority: conversation.priority,
      agentId: conversation.agentId,
      queuedAt: conversation.queuedAt.toISOString(),
      assignedAt: conversation.assignedAt?.toISOString() ?? null,
      resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
      abandonedAt: conversation.abandonedAt?.toISOString() ?? null,
      preferredAgentId: conversation.preferredAgentId,
      preferredUntil: conversation.preferredUntil?.toISOString() ?? null,
      handoff: conversation.handoff,
      sentiment: conversation.sentiment ?? conversation.handoff.lastSentiment,
      messages: messages.map((message) => ({
        id: message.id,
        role: message.role,
        text: message.text,
        at: message.at.toISOString(),
        deliveryStatus: message.deliveryStatus,
        deliveryDetail: message.deliveryDetail,
      })),
      notes: notes.map(toNoteView),
      transfers: transfers.map(toTransferView),
      assist: assist
        ? {
            messageId: assist.messageId,
            articles: assist.articles,
            draftReply: assist.draftReply,
            at: assist.at.toISOString(),
          }
        : null,
      wrapUp: conversation.wrapUpCode
        ? { code: conversation.wrapUpCode, note: conversation.resolutionNote }
        : null,
    };
  }
}

function toSummary(
  conversation: DeskConversation,
  lastCustomerAt: Date | null,
): ConversationSummary {
  return {
    id: conversation.id,
    status: conversation.status,
    queue: conversation.queue,
    priority: conversation.priority,
    agentId: conversation.agentId,
    customerName: conversation.handoff.customer?.displayName ?? null,
    channel: conversation.handoff.channel.type,
    language: conversation.handoff.language,
    sentiment: conversation.sentiment ?? conversation.handoff.lastSentiment,
    lastCustomerMessageAt: lastCustomerAt?.toISOString() ?? null,
    queuedAt: conversation.queuedAt.toISOString(),
    assignedAt: conversation.assignedAt?.toISOString() ?? null,
    resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
  };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = typeof at === 'string' ? new Date(at) : null;
    if (date && !Number.isNaN(date.getTime()) && typeof id === 'string') return { at: date, id };
  } catch {
    // falls through to the problem below
  }
  throw new ProblemException(400, 'DESK.INVALID_CURSOR', 'The cursor is not one this API gave.');
}
