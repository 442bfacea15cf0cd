// The agent's pending offers: loaded once, then kept current by the socket (`offer`,
// `offer.withdrawn`) and by the agent's own accept/decline. Oldest first.
import type { ChannelType, Offer, Reason } from './types';

export type OfferAction =
  | { type: 'loaded'; offers: Offer[] }
  | { type: 'offered'; offer: Offer }
  | { type: 'removed'; offerId: string }
  | { type: 'detailed'; offerId: string; details: Partial<Offer> }
  | { type: 'expired'; now: number };

export function offersReducer(state: readonly Offer[], action: OfferAction): Offer[] {
  switch (action.type) {
    case 'loaded': {
      // The list may come after an event already told of one: keep what the event knew.
      const known = new Map(state.map((offer) => [offer.id, offer]));
      const merged = action.offers.map((offer) => ({ ...known.get(offer.id), ...offer }));
      const listed = new Set(action.offers.map((offer) => offer.id));
      return sortOffers([...merged, ...state.filter((offer) => !listed.has(offer.id))]);
    }
    case 'offered': {
      const rest = state.filter((offer) => offer.id !== action.offer.id);
      const known = state.find((offer) => offer.id === action.offer.id);
      return sortOffers([...rest, { ...known, ...action.offer }]);
    }
    case 'removed':
      return state.filter((offer) => offer.id !== action.offerId);
    case 'detailed':
      return state.map((offer) =>
        offer.id === action.offerId ? { ...action.details, ...definedOnly(offer) } : offer,
      );
    case 'expired':
      return state.filter((offer) => Date.parse(offer.expiresAt) > action.now);
  }
}

/** The fields of an offer that are set (so details fill gaps, never overwrite). */
function definedOnly(offer: Offer): Offer {
  return Object.fromEntries(
    Object.entries(offer).filter(([, value]) => value !== undefined && value !== null),
  ) as unknown as Offer;
}

function sortOffers(offers: Offer[]): Offer[] {
  return offers.sort(
    (a, b) =>
      Date.parse(a.queuedAt ?? a.expiresAt) - Date.parse(b.queuedAt ?? b.expiresAt) ||
      Date.parse(a.expiresAt) - Date.parse(b.expiresAt),
  );
}

/** An `offer` socket event as an offer (null when it is not one). */
export function offerFromEvent(payload: Record<string, unknown>): Offer | null {
  const { offerId, conversationId, expiresAt } = payload;
  if (
    typeof offerId !== 'string' ||
    typeof conversationId !== 'string' ||
    typeof expiresAt !== 'string'
  )
    return null;
  return {
    id: offerId,
    conversationId,
    expiresAt,
    queue: typeof payload.queue === 'string' ? payload.queue : undefined,
    priority: typeof payload.priority === 'string' ? payload.priority : undefined,
    reasons: Array.isArray(payload.reasons) ? (payload.reasons as Reason[]) : undefined,
    language: typeof payload.language === 'string' ? payload.language : undefined,
    channelType:
      typeof payload.channelType === 'string' ? (payload.channelType as ChannelType) : undefined,
    customerDisplayName:
      typeof payload.customerDisplayName === 'string' ? payload.customerDisplayName : null,
    queuedAt: typeof payload.queuedAt === 'string' ? payload.queuedAt : undefined,
  };
}

/** The first thing the customer said, else the handoff summary: what the offer is about. */
export function offerPreview(handoff: {
  summary?: string | null;
  transcript?: { role: string; text: string }[];
}): string | null {
  const summary = handoff.summary?.trim();
  if (summary) return summary;
  const first = handoff.transcript?.find((line) => line.role === 'customer' && line.text.trim());
  return first ? first.text.trim() : null;
}
