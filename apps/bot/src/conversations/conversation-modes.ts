import type { EntityManager } from 'typeorm';
import {
  ConversationModeRow,
  type ConversationMode,
  type NoAgentOnline,
} from './conversation-mode.entity';

export async function modeOf(
  manager: EntityManager,
  tenantId: string,
  conversationId: string,
): Promise<ConversationMode> {
  const row = await manager.findOneBy(ConversationModeRow, { tenantId, conversationId });
  return row?.mode ?? 'bot';
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
): Promise<void> {
  await manager.upsert(
    ConversationModeRow,
    {
      tenantId,
      conversationId,
      mode,
      ...(language ? { language } : {}),
      ...(noAgentOnline ? { noAgentOnline } : {}),
    },
    ['conversationId'],
  );
}
