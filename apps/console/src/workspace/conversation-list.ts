// The agent's active conversations as list rows: the desk's summaries (channel, the
// customer's latest sentiment, when they last wrote), updated by what arrived since (a
// customer message on the socket, an opened conversation's view), the customer who has
// waited longest first, with unread marks from the socket.
import { lastCustomerMessageAt } from './transcript';
import type { ChannelType, ConversationSummary, ConversationView } from './types';

export interface ConversationRow {
  id: string;
  customerName: string | null;
  channelType: ChannelType | null;
  sentiment: number | null;
  /** The customer's last message (what the agent owes an answer to), else the assignment. */
  waitingSince: string | null;
  unread: boolean;
}

export interface ListDetails {
  channelType: ChannelType | null;
  sentiment: number | null;
  lastCustomerAt: string | null;
  customerName: string | null;
}

export function detailsFromView(view: ConversationView): ListDetails {
  return {
    channelType: view.handoff?.channel?.type ?? null,
    sentiment: view.sentiment?.score ?? view.handoff?.lastSentiment?.score ?? null,
    lastCustomerAt: lastCustomerMessageAt(view.messages ?? []),
    customerName: view.handoff?.customer?.displayName ?? null,
  };
}

/** The conversations an agent is working on (assigned to them), as rows, oldest first. */
export function conversationRows(
  summaries: readonly ConversationSummary[],
  agentId: string,
  details: ReadonlyMap<string, ListDetails>,
  unread: ReadonlySet<string>,
): ConversationRow[] {
  return summaries
    .filter((summary) => summary.status === 'assigned' && summary.agentId === agentId)
    .map((summary) => {
      const detail = details.get(summary.id);
      return {
        id: summary.id,
        customerName: summary.customerName ?? detail?.customerName ?? null,
        channelType: detail?.channelType ?? summary.channel ?? null,
        sentiment: detail?.sentiment ?? summary.sentiment?.score ?? null,
        waitingSince:
          later(detail?.lastCustomerAt, summary.lastCustomerMessageAt) ??
          summary.assignedAt ??
          summary.queuedAt,
        unread: unread.has(summary.id),
      };
    })
    .sort(
      (a, b) =>
        Date.parse(a.waitingSince ?? '') - Date.parse(b.waitingSince ?? '') ||
        a.id.localeCompare(b.id),
    );
}

/** A customer message for a conversation: its details say so (the agent now owes a reply). */
export function noteCustomerMessage(
  details: ReadonlyMap<string, ListDetails>,
  conversationId: string,
  at: string,
): Map<string, ListDetails> {
  const known = details.get(conversationId) ?? {
    channelType: null,
    sentiment: null,
    lastCustomerAt: null,
    customerName: null,
  };
  return new Map(details).set(conversationId, { ...known, lastCustomerAt: at });
}

function later(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
