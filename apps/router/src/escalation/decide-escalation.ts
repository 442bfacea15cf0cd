import type { EscalationReasonCode } from '@tandem/contracts';
import type { ConversationState } from './conversation-state';
import type { EscalationPolicy } from './policy';

type Priority = 'low' | 'normal' | 'high' | 'urgent';

export type Decision =
  | { escalate: false }
  | {
      escalate: true;
      reasons: { code: EscalationReasonCode; detail: string }[];
      priority: Priority;
      queue: string;
      skills: string[];
      policyVersion: number;
    };

const rank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/**
 * Pure: should a person take over now, and why. Every reason that holds is reported; the
 * priority is the highest any of them asks for.
 */
export function decideEscalation(state: ConversationState, policy: EscalationPolicy): Decision {
  if (state.mode === 'escalated') return { escalate: false };
  const reasons: { code: EscalationReasonCode; detail: string; priority: Priority }[] = [];
  if (state.explicitRequest) {
    reasons.push({
      code: 'EXPLICIT_REQUEST',
      detail: 'the customer asked for a person',
      priority: policy.explicitRequest.priority,
    });
  }
  if (state.humanNeeded === true) {
    // The model itself said so: waiting for more deferrals would only make the customer wait.
    reasons.push({
      code: 'BOT_DEFERRED',
      detail: 'the bot’s model judged that a person is needed',
      priority: policy.deferrals.priority,
    });
  } else if (state.consecutiveDeferrals >= policy.deferrals.consecutive) {
    reasons.push({
      code: 'BOT_DEFERRED',
      detail: `the bot could not answer ${state.consecutiveDeferrals} times in a row`,
      priority: policy.deferrals.priority,
    });
  }
  const latest = state.sentiments[state.sentiments.length - 1];
  if (
    latest &&
    latest.polarity === 'negative' &&
    latest.intensity >= policy.negativeSentiment.intensity
  ) {
    reasons.push({
      code: 'NEGATIVE_SENTIMENT',
      detail: `negative sentiment at intensity ${latest.intensity}`,
      priority: policy.negativeSentiment.priority,
    });
  }
  if (reasons.length === 0) return { escalate: false };
  const priority = reasons.reduce<Priority>(
    (top, reason) => (rank[reason.priority] > rank[top] ? reason.priority : top),
    'low',
  );
  return {
    escalate: true,
    reasons: reasons.map(({ code, detail }) => ({ code, detail })),
    priority,
    queue: policy.queue,
    skills: state.language === 'zh' || state.language === 'en' ? [`lang:${state.language}`] : [],
    policyVersion: policy.version,
  };
}
