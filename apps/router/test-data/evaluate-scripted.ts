import {
  createEvent,
  type AnyEvent,
  type BotDeferralReason,
  type EmotionScore,
} from '@tandem/contracts';
import { emptyState, foldEvent } from '../src/escalation/conversation-state';
import { decide } from '../src/escalation/decide-escalation';
import type { EscalationPolicy } from '../src/escalation/policy';

/** One customer message, what the analyzer made of it and what the bot did. */
export interface ScriptedTurn {
  text: string;
  /** Sentiment score -1..1 as the analyzer gave it; polarity and intensity follow from it. */
  sentiment: number;
  emotions?: EmotionScore[];
  humanRequested?: boolean;
  /** The channel's "talk to a person" button (human.requested) came with the message. */
  button?: boolean;
  intent?: string;
  /** The bot's answer (its confidence) or its deferral; null: it said nothing (e.g. the customer only thanked). */
  bot: number | BotDeferralReason | null;
  /** Minutes since the conversation's first message; default: one a turn. */
  at?: number;
}

export interface ScriptedConversation {
  id: string;
  language: 'zh' | 'en';
  tier?: string;
  turns: ScriptedTurn[];
  /** The turn (1-based) at which a good supervisor would hand over; null: never. */
  escalateAt: number | null;
}

export interface ConversationOutcome {
  id: string;
  expected: number | null;
  /** The turn at which the router escalated; null: it did not. */
  actual: number | null;
  reasons: string[];
}

export interface QualityReport {
  conversations: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  /** Among conversations both escalate: how many turns before the supervisor the router did, on average over those that were early. */
  meanTurnsEarly: number;
  meanTurnsLate: number;
  early: number;
  onTime: number;
  late: number;
  outcomes: ConversationOutcome[];
}

const START = Date.parse('2026-12-01T09:00:00.000Z');

/** Folds each turn's events and asks `decide` after each trigger, as the live router does. */
export function runConversation(
  conversation: ScriptedConversation,
  policy: EscalationPolicy,
): ConversationOutcome {
  let state = emptyState(conversation.id, 'scripted');
  const base = { tenantId: 'scripted', aggregateId: conversation.id };
  for (const [index, turn] of conversation.turns.entries()) {
    const number = index + 1;
    const occurredAt = new Date(START + (turn.at ?? index) * 60_000);
    const messageId = `${conversation.id}-m${number}`;
    const intensity = Math.abs(turn.sentiment);
    const steps: { event: AnyEvent; trigger: boolean }[] = [
      {
        trigger: false,
        event: createEvent('message.received', {
          ...base,
          occurredAt,
          payload: {
            messageId,
            channel: { id: 'scripted', type: 'webchat' },
            channelMessageId: messageId,
            customer: {
              id: `${conversation.id}-customer`,
              ...(conversation.tier ? { tier: conversation.tier } : {}),
            },
            text: turn.text,
            attachments: [],
            receivedAt: occurredAt.toISOString(),
          },
        }),
      },
      {
        trigger: true,
        event: createEvent('message.analyzed', {
          ...base,
          occurredAt,
          payload: {
            messageId,
            language: conversation.language,
            sentiment: {
              polarity:
                turn.sentiment <= -0.2
                  ? 'negative'
                  : turn.sentiment >= 0.2
                    ? 'positive'
                    : 'neutral',
              score: turn.sentiment,
              intensity,
            },
            humanRequested: turn.humanRequested ?? false,
            intent: turn.intent ?? null,
            emotions: turn.emotions ?? [],
          },
        }),
      },
    ];
    if (turn.button)
      steps.push({
        trigger: true,
        event: createEvent('human.requested', {
          ...base,
          occurredAt,
          payload: { messageId, source: 'button' },
        }),
      });
    if (typeof turn.bot === 'number')
      steps.push({
        trigger: true,
        event: createEvent('bot.replied', {
          ...base,
          occurredAt,
          payload: {
            replyId: `${messageId}-r`,
            inReplyTo: messageId,
            text: 'an answer',
            language: conversation.language,
            confidence: turn.bot,
            sources: [],
            provider: 'local',
            kind: 'answer',
          },
        }),
      });
    else if (turn.bot !== null)
      steps.push({
        trigger: true,
        event: createEvent('bot.deferred', {
          ...base,
          occurredAt,
          payload: { inReplyTo: messageId, reason: turn.bot, confidence: 0.2 },
        }),
      });
    for (const { event, trigger } of steps) {
      state = foldEvent(state, event, policy);
      if (!trigger) continue;
      const decision = decide(state, policy);
      if (decision.escalate)
        return {
          id: conversation.id,
          expected: conversation.escalateAt,
          actual: number,
          reasons: decision.reasons.map((reason) => reason.code),
        };
    }
  }
  return { id: conversation.id, expected: conversation.escalateAt, actual: null, reasons: [] };
}

/** Precision and recall of "escalates at all", and how early or late against the supervisor. */
export function evaluatePolicy(
  conversations: readonly ScriptedConversation[],
  policy: EscalationPolicy,
): QualityReport {
  const outcomes = conversations.map((conversation) => runConversation(conversation, policy));
  const count = (holds: (outcome: ConversationOutcome) => boolean) => outcomes.filter(holds).length;
  const truePositives = count((o) => o.expected !== null && o.actual !== null);
  const falsePositives = count((o) => o.expected === null && o.actual !== null);
  const falseNegatives = count((o) => o.expected !== null && o.actual === null);
  const both = outcomes.filter((o) => o.expected !== null && o.actual !== null);
  const offsets = both.map((o) => o.actual! - o.expected!);
  const earlyOffsets = offsets.filter((offset) => offset < 0);
  const lateOffsets = offsets.filter((offset) => offset > 0);
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    conversations: outcomes.length,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives: count((o) => o.expected === null && o.actual === null),
    precision:
      truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall:
      truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    meanTurnsEarly: -mean(earlyOffsets),
    meanTurnsLate: mean(lateOffsets),
    early: earlyOffsets.length,
    onTime: offsets.filter((offset) => offset === 0).length,
    late: lateOffsets.length,
    outcomes,
  };
}
