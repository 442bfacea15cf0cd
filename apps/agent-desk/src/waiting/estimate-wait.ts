import type { DeskStatus } from '../conversations/desk-conversation.entity';

/** How far back the queue's assignments are counted to estimate its pace. */
export const THROUGHPUT_WINDOW_SECONDS = 30 * 60;

/** A conversation of the same tenant and queue, as the dispatcher orders them. */
export interface QueuedConversation {
  id: string;
  status: DeskStatus;
  priorityRank: number;
  queuedAt: Date;
}

/**
 * Pure: the conversation's place in its queue, 1 = next, in the order the dispatcher offers
 * in (priority rank descending, then longest waiting; the id only breaks exact ties). A
 * conversation on offer to an agent is ahead of every queued one; an offered conversation is
 * itself next. Null once it is assigned or resolved.
 */
export function queuePosition(
  conversation: QueuedConversation,
  queue: readonly QueuedConversation[],
): number | null {
  if (conversation.status === 'offered') return 1;
  if (conversation.status !== 'queued') return null;
  const ahead = queue.filter(
    (other) =>
      other.id !== conversation.id &&
      (other.status === 'offered' || (other.status === 'queued' && before(other, conversation))),
  );
  return ahead.length + 1;
}

function before(a: QueuedConversation, b: QueuedConversation): boolean {
  if (a.priorityRank !== b.priorityRank) return a.priorityRank > b.priorityRank;
  const waited = a.queuedAt.getTime() - b.queuedAt.getTime();
  if (waited !== 0) return waited < 0;
  return a.id < b.id;
}

export interface WaitFacts {
  position: number | null;
  /** Conversations of the tenant and queue assigned within the window. */
  assignedInWindow: number;
  windowSeconds: number;
  /** Online agents who could take the conversation. */
  agentsOnline: number;
}

/**
 * Pure: the expected wait in seconds, from the queue's recent pace (the window over the
 * assignments in it, per place in the queue). Null when it cannot honestly be said: no
 * recent assignment to learn the pace from, nobody online to take it, or no place.
 */
export function estimateWait(facts: WaitFacts): number | null {
  if (facts.position === null || facts.assignedInWindow <= 0 || facts.agentsOnline <= 0)
    return null;
  return Math.round((facts.windowSeconds / facts.assignedInWindow) * facts.position);
}
