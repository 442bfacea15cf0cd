import type { EntityManager } from 'typeorm';
import {
  ConversationModeRow,
  type ConversationMode,
  type NoAgentOnline,
} from './conversation-mode.entity';

/**
 * Pure: the mode a customer message meets. A conversation a person resolved is silent for
 * the bot while its reopen window runs (the desk queues it again and says so with
 * conversation.reopened); after the window, or without one, the bot has it again.
 */
export function modeForMessage(
  row: Pick<ConversationModeRow, 'mode' | 'reopenUntil'> | null,
  at: Date,
): ConversationMode {
  if (row === null) return 'bot';
  if (row.mode !== 'resolved') return row.mode;
  return row.reopenUntil !== null && at.getTime() <= row.reopenUntil.getTime() ? 'resolved' : 'bot';
}

/** The mode a customer message sent at `at` meets. */
export async function modeOf(
  manager: EntityManager,
  tenantId: string,
  conversationId: string,
  at: Date,
): Promise<ConversationMode> {
  const row = await manager.findOneBy(ConversationModeRow, { tenantId, conversationId });
  return modeForMessage(row, at);
}

export async function setMode(
  manager: EntityManager,
  tenantId: string,
  conversationId: string,
  mode: ConversationMode,
  /** The customer's language, when the event says it (kept otherwise). */
  language?: ConversationModeRow['language'],
  /** From an escalation: what the policy offers while nobody is online. */
  noAgentOnline?: NoAgentOnline,
  /** From a resolution: until when a customer message reopens it (null otherwise). */
  reopenUntil: Date | null = null,
): Promise<void> {
  await manager.upsert(
    ConversationModeRow,
    {
      tenantId,
      conversationId,
      mode,
      reopenUntil,
      ...(language ? { language } : {}),
      ...(noAgentOnline ? { noAgentOnline } : {}),
    },
    ['conversationId'],
  );
}
