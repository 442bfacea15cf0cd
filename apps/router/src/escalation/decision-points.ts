import type { AnyEvent } from '@tandem/contracts';
import type { ConversationState } from './conversation-state';

/** Events after which the router asks whether a person must take over. */
const TRIGGERS = new Set<AnyEvent['type']>([
  'message.analyzed',
  'human.requested',
  'bot.deferred',
  // A low-confidence answer (LOW_CONFIDENCE) and time passing (TOO_LONG) show after a reply.
  'bot.replied',
]);

/**
 * Whether the router decides after this event (the state already folded with it): a trigger,
 * in a conversation whose customer and channel it knows. The live router and a replay share
 * it, so a replay of the policy that decided a log finds exactly the decisions on it.
 */
export function isDecisionPoint(event: AnyEvent, state: ConversationState): boolean {
  return TRIGGERS.has(event.type) && state.channel !== null && state.customerId !== null;
}
