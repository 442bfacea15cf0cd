import type { EntityManager } from 'typeorm';
import type { Turn } from '../answers/responder';

/** How many earlier turns the bot reads when it answers (retrieval and the model prompt). */
export const TRANSCRIPT_TURNS = 8;

/** One message of a conversation, as the bot keeps it. */
export interface TranscriptTurn extends Turn {
  messageId: string;
  /** For the bot's answers: the article it answered with. */
  articleId?: string | null;
  at: Date;
}

/**
 * The bot's copy of each conversation's recent messages, from the log: the customer's
 * messages and its own answers as it handles them, the agents' replies from `agent.replied`.
 * Rows are keyed by message id, so a redelivered event adds nothing.
 */
export const transcript = {
  async append(
    manager: EntityManager,
    tenantId: string,
    conversationId: string,
    turn: TranscriptTurn,
  ) {
    await manager.query(
      `INSERT INTO conversation_turns (message_id, tenant_id, conversation_id, role, text, article_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id) DO NOTHING`,
      [
        turn.messageId,
        tenantId,
        conversationId,
        turn.role,
        turn.text,
        turn.articleId ?? null,
        turn.at,
      ],
    );
  },

  /** The last `limit` turns, oldest first. */
  async recent(
    manager: EntityManager,
    tenantId: string,
    conversationId: string,
    limit = TRANSCRIPT_TURNS,
  ): Promise<TranscriptTurn[]> {
    const rows: {
      message_id: string;
      role: Turn['role'];
      text: string;
      article_id: string | null;
      at: Date;
    }[] = await manager.query(
      `SELECT message_id, role, text, article_id, at FROM conversation_turns
          WHERE tenant_id = $1 AND conversation_id = $2
          ORDER BY at DESC, message_id DESC LIMIT $3`,
      [tenantId, conversationId, limit],
    );
    return rows.reverse().map((row) => ({
      messageId: row.message_id,
      role: row.role,
      text: row.text,
      articleId: row.article_id,
      at: row.at,
    }));
  },

  /** A customer's erasure: their conversations' text goes. Returns how many turns went. */
  async erase(manager: EntityManager, tenantId: string, conversationIds: readonly string[]) {
    if (conversationIds.length === 0) return 0;
    const [, count] = (await manager.query(
      `DELETE FROM conversation_turns WHERE tenant_id = $1 AND conversation_id = ANY($2::text[])`,
      [tenantId, conversationIds],
    )) as [unknown, number];
    return count;
  },
};
