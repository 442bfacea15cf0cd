// The conversation's transcript as the agent sees it: the view's messages, then what the
// socket brings (messages, deliveries), merged by id without duplicates, oldest first.
import type { Author, DeliveryStatus, TranscriptMessage } from './types';

const AUTHORS: readonly string[] = ['customer', 'bot', 'agent'];

/** A `message` socket event as a transcript message (null when it is not one). */
export function messageFromEvent(payload: Record<string, unknown>): TranscriptMessage | null {
  const id = payload.messageId;
  const role = payload.role;
  if (typeof id !== 'string' || typeof role !== 'string' || !AUTHORS.includes(role)) return null;
  return {
    id,
    role: role as Author,
    text: typeof payload.text === 'string' ? payload.text : '',
    at: typeof payload.at === 'string' ? payload.at : new Date(0).toISOString(),
    deliveryStatus: role === 'agent' ? 'sent' : null,
    deliveryDetail: null,
  };
}

/**
 * Adds messages to a transcript: one seen already (same id) keeps its known delivery status
 * unless the newcomer knows a later one; the result is ordered by time, then arrival.
 */
export function mergeMessages(
  current: readonly TranscriptMessage[],
  incoming: readonly TranscriptMessage[],
): TranscriptMessage[] {
  const byId = new Map<string, TranscriptMessage>();
  const order: string[] = [];
  for (const message of [...current, ...incoming]) {
    const known = byId.get(message.id);
    if (!known) {
      byId.set(message.id, message);
      order.push(message.id);
      continue;
    }
    byId.set(message.id, {
      ...known,
      text: message.text || known.text,
      deliveryStatus: laterStatus(known.deliveryStatus, message.deliveryStatus),
      deliveryDetail: message.deliveryDetail ?? known.deliveryDetail,
    });
  }
  const position = new Map(order.map((id, index) => [id, index]));
  return order
    .map((id) => byId.get(id)!)
    .sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at) || position.get(a.id)! - position.get(b.id)!,
    );
}

const STATUS_RANK: Record<DeliveryStatus, number> = { sent: 0, delivered: 1, failed: 1 };

function laterStatus(
  known: DeliveryStatus | null,
  next: DeliveryStatus | null,
): DeliveryStatus | null {
  if (!next) return known;
  if (!known) return next;
  return STATUS_RANK[next] >= STATUS_RANK[known] ? next : known;
}

/** A `delivery` event applied: the reply it names gets its status (and the reason it failed). */
export function applyDelivery(
  current: readonly TranscriptMessage[],
  delivery: { replyId: string; status: 'delivered' | 'failed'; reason?: string | null },
): TranscriptMessage[] {
  return current.map((message) =>
    message.id === delivery.replyId
      ? {
          ...message,
          deliveryStatus: delivery.status,
          deliveryDetail: delivery.reason ?? message.deliveryDetail,
        }
      : message,
  );
}

/** When the customer last wrote (null: never in this transcript). */
export function lastCustomerMessageAt(messages: readonly TranscriptMessage[]): string | null {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]!.role === 'customer') return messages[index]!.at;
  }
  return null;
}
