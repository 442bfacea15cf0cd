import type { PayloadOf } from '@tandem/contracts';
import type { ConversationState } from './conversation-state';
import { summarize } from './summarize';

export type Handoff = PayloadOf<'escalation.decided'>['handoff'];
export type HandoffCustomer = NonNullable<Handoff['customer']>;

/**
 * Everything the agent needs so the customer never repeats themselves: the summary (extractive
 * here; a model's follows when one is configured), the transcript, who the customer is across
 * channels, what was detected, what the bot answered (with its sources and confidence) and
 * where it deferred. `customer` is null when the gateway could not say.
 */
export function buildHandoff(
  state: ConversationState & {
    customerId: string;
    channel: NonNullable<ConversationState['channel']>;
  },
  reasons: readonly { detail: string }[],
  customer: HandoffCustomer | null,
): Handoff {
  return {
    summary: summarize(state.transcript, reasons),
    summarySource: 'extractive',
    transcript: state.transcript,
    customerId: state.customerId,
    channel: state.channel,
    lastSentiment: state.sentiments[state.sentiments.length - 1] ?? null,
    language: state.language,
    customer,
    intent: state.topic ?? null,
    emotions: (state.emotions ?? []).slice(0, 3),
    botAnswers: (state.botAnswers ?? []).slice(-50),
    deferrals: (state.botDeferrals ?? []).slice(-50),
  };
}
