import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebchatMessage, type WebchatRole } from './webchat-message.entity';
import type { ErasureParticipant } from '../privacy/erasure.service';

/** A stored attachment as the widget shows it (download: GET /v1/webchat/{channelId}/attachments/{id}). */
export interface HistoryAttachment {
  id: string;
  kind: 'image' | 'voice' | 'file';
  name?: string;
  mimeType: string;
  sizeBytes: number;
}

export interface HistoryEntry {
  id: string;
  role: WebchatRole;
  /** Who answered, on an agent's reply. */
  name?: string;
  text: string;
  action?: 'request_human';
  attachments?: HistoryAttachment[];
  clientMessageId?: string;
  sentAt: string;
}

export interface NewHistoryEntry {
  id: string;
  tenantId: string;
  channelId: string;
  conversationId: string;
  visitorId: string;
  role: WebchatRole;
  authorName?: string;
  text: string;
  action?: 'request_human';
  attachments?: HistoryAttachment[];
  clientMessageId?: string;
  at: Date;
}

/** The visitor's history: written on every accepted message and stored reply, read on connect. */
@Injectable()
export class WebchatHistory implements ErasureParticipant {
  constructor(private readonly dataSource: DataSource) {}

  /** Erasure: the visitor's history goes with them (merged customers' rows too). */
  async eraseCustomers(tenantId: string, customerIds: string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webchat_messages WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, customerIds],
    );
  }

  /**
   * Idempotent (a resend or a redelivered reply stores nothing twice). The customer id is read
   * from the conversation in the same statement; returns false if the row already existed or
   * the conversation is unknown.
   */
  async store(entry: NewHistoryEntry): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO webchat_messages
         (id, tenant_id, channel_id, customer_id, conversation_id, visitor_id, role, action,
          text, attachments, client_message_id, created_at, author_name)
       SELECT $1, $2, $3, c.customer_id, c.id, $5, $6, $7, $8, $11::jsonb, $9, $10, $12
         FROM conversations c WHERE c.id = $4 AND c.tenant_id = $2
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        entry.id,
        entry.tenantId,
        entry.channelId,
        entry.conversationId,
        entry.visitorId,
        entry.role,
        entry.action ?? null,
        entry.text,
        entry.clientMessageId ?? null,
        entry.at,
        JSON.stringify(entry.attachments ?? []),
        entry.authorName ?? null,
      ],
    );
    return inserted.length > 0;
  }

  /** Whether the attachment is in this visitor's history on this channel (theirs to download). */
  async hasAttachment(
    tenantId: string,
    channelId: string,
    visitorId: string,
    attachmentId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM webchat_messages
        WHERE tenant_id = $1 AND channel_id = $2 AND visitor_id = $3 AND role = 'customer'
          AND attachments @> $4::jsonb
        LIMIT 1`,
      [tenantId, channelId, visitorId, JSON.stringify([{ id: attachmentId }])],
    );
    return rows.length > 0;
  }

  /** The visitor's last `limit` messages on the channel, oldest first, across conversations. */
  /** One of the bot's replies in this visitor's history (what the visitor may rate). */
  async botReply(
    tenantId: string,
    channelId: string,
    visitorId: string,
    replyId: string,
  ): Promise<{ conversationId: string; customerId: string } | null> {
    const row = await this.dataSource.getRepository(WebchatMessage).findOneBy({
      id: replyId,
      tenantId,
      channelId,
      visitorId,
      role: 'bot',
    });
    return row ? { conversationId: row.conversationId, customerId: row.customerId } : null;
  }

  async recent(channelId: string, visitorId: string, limit: number): Promise<HistoryEntry[]> {
    const rows = await this.dataSource
      .getRepository(WebchatMessage)
      .createQueryBuilder('m')
      .where('m.channel_id = :channelId AND m.visitor_id = :visitorId', { channelId, visitorId })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.reverse().map((row) => ({
      id: row.id,
      role: row.role,
      ...(row.authorName ? { name: row.authorName } : {}),
      text: row.text,
      ...(row.action ? { action: row.action } : {}),
      ...(row.attachments.length > 0 ? { attachments: row.attachments } : {}),
      ...(row.clientMessageId ? { clientMessageId: row.clientMessageId } : {}),
      sentAt: row.createdAt.toISOString(),
    }));
  }
}
