/**
 * Pure: when a conversation a person resolved stops reopening on a new customer message.
 * Null when the tenant turned reopening off (a window of 0). Computed once, at resolution,
 * and carried on `conversation.resolved`, so the desk, the bot, the router and the gateway
 * agree on every later message without sharing a clock or the tenant's settings.
 */
export function reopenUntil(resolvedAt: Date, windowSeconds: number): Date | null {
  if (windowSeconds <= 0) return null;
  return new Date(resolvedAt.getTime() + windowSeconds * 1_000);
}

export interface ReopenCandidate {
  status: string;
  reopenUntil: Date | null;
}

/**
 * Pure: whether a customer message at `messageAt` reopens the conversation: only one a person
 * resolved, and only up to the end of its window (inclusive). Outside it the bot has it.
 */
export function reopens(conversation: ReopenCandidate | null, messageAt: Date): boolean {
  if (conversation === null || conversation.status !== 'resolved') return false;
  if (conversation.reopenUntil === null) return false;
  return messageAt.getTime() <= conversation.reopenUntil.getTime();
}
