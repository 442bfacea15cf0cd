import type {
  AnyEvent,
  ChannelType,
  EmotionScore,
  PayloadOf,
  Sentiment,
  TranscriptEntry,
} from '@tandem/contracts';
import { DEFAULT_POLICY, type EscalationPolicy } from './policy';
import { questionTokens, tokenSimilarity } from './question-similarity';

/**
 * What the router knows of one conversation, folded from its events in log order.
 * Fields marked optional were added after states were first stored: a stored state without
 * them still loads, and the fold and `decide` read them with the defaults documented here.
 */
export interface ConversationState {
  conversationId: string;
  tenantId: string;
  customerId: string | null;
  channel: { id: string; type: ChannelType } | null;
  language: 'zh' | 'en' | 'other';
  mode: 'bot' | 'escalated';
  /** The first customer message ever. */
  startedAt: string | null;
  /** Every customer message ever. */
  customerTurns: number;
  transcript: TranscriptEntry[];
  /** The analysed messages' sentiment, oldest first (the last 20; cleared per de-escalation policy). */
  sentiments: Sentiment[];
  consecutiveDeferrals: number;
  explicitRequest: boolean;
  /**
   * The bot's model judged that a person is needed (`bot.deferred` HUMAN_NEEDED) since the
   * bot last answered. Absent in states stored before it existed: read as false.
   */
  humanNeeded?: boolean;
  /** The first customer message since the conversation (last) went to the bot. Absent: `startedAt`. */
  episodeStartedAt?: string | null;
  /** Customer messages since then. Absent: `customerTurns`. */
  episodeTurns?: number;
  /** When the latest event happened: the router's clock, so decisions replay identically. */
  lastEventAt?: string | null;
  /** The confidence of each of the bot's answers since it last had the conversation (last 20). */
  confidences?: number[];
  /** The emotions of the latest analysed message. */
  emotions?: EmotionScore[];
  /**
   * Per customer message since repeats were last forgotten: how alike it is to the most
   * similar earlier message (0..1), oldest first (the last 20).
   */
  questionSimilarities?: number[];
  /** Earlier messages count for looping from this time on (null: from the start). */
  loopingSince?: string | null;
  /** The customer's tier from the gateway (message.received `customer.tier`). */
  tier?: string | null;
  /** The latest detected topic (message.analyzed `intent`). */
  topic?: string | null;
  /** Every topic detected since the conversation (last) went to the bot. */
  topics?: string[];
  /** The bot's answers and deferrals (the last 20 of each), for the agent's handoff. */
  botAnswers?: HandoffBotAnswer[];
  botDeferrals?: HandoffDeferral[];
  /**
   * After a person resolved it: a customer message up to this time reopens the conversation
   * for people (the desk queues it again), so the router does not escalate it a second time.
   * Absent or null: no reopening.
   */
  reopenUntil?: string | null;
}

export type HandoffBotAnswer = NonNullable<
  PayloadOf<'escalation.decided'>['handoff']['botAnswers']
>[number];
export type HandoffDeferral = NonNullable<
  PayloadOf<'escalation.decided'>['handoff']['deferrals']
>[number];

export const TRANSCRIPT_LIMIT = 200;
const HISTORY_LIMIT = 20;

export function emptyState(conversationId: string, tenantId: string): ConversationState {
  return {
    conversationId,
    tenantId,
    customerId: null,
    channel: null,
    language: 'other',
    mode: 'bot',
    startedAt: null,
    customerTurns: 0,
    transcript: [],
    sentiments: [],
    consecutiveDeferrals: 0,
    explicitRequest: false,
    humanNeeded: false,
    episodeStartedAt: null,
    episodeTurns: 0,
    lastEventAt: null,
    confidences: [],
    emotions: [],
    questionSimilarities: [],
    loopingSince: null,
    tier: null,
    topic: null,
    topics: [],
  };
}

/**
 * Pure: the state after one more event. Events the router does not track leave it
 * unchanged. The policy says only what de-escalation forgets.
 */
export function foldEvent(
  state: ConversationState,
  event: AnyEvent,
  policy: Pick<EscalationPolicy, 'deescalation'> = DEFAULT_POLICY,
): ConversationState {
  const next = apply(state, event, policy);
  return next === state ? state : { ...next, lastEventAt: event.occurredAt };
}

function apply(
  state: ConversationState,
  event: AnyEvent,
  policy: Pick<EscalationPolicy, 'deescalation'>,
): ConversationState {
  switch (event.type) {
    case 'message.received':
      return {
        ...state,
        // Within the reopen window the desk takes it back to people: it is escalated already.
        ...(reopened(state, event.occurredAt)
          ? { mode: 'escalated' as const, reopenUntil: null }
          : {}),
        customerId: event.payload.customer.id,
        channel: event.payload.channel,
        tier: event.payload.customer.tier ?? state.tier ?? null,
        startedAt: state.startedAt ?? event.payload.receivedAt,
        episodeStartedAt: episodeStart(state) ?? event.payload.receivedAt,
        customerTurns: state.customerTurns + 1,
        episodeTurns: episodeTurns(state) + 1,
        questionSimilarities: last([
          ...(state.questionSimilarities ?? []),
          repeatOf(state, event.payload.text),
        ]),
        transcript: append(state.transcript, {
          role: 'customer',
          text: event.payload.text,
          at: event.payload.receivedAt,
          messageId: event.payload.messageId,
        }),
      };
    case 'message.analyzed': {
      const intent = event.payload.intent;
      const topics = state.topics ?? [];
      return {
        ...state,
        language: event.payload.language,
        sentiments: last([...state.sentiments, event.payload.sentiment]),
        emotions: event.payload.emotions,
        explicitRequest: state.explicitRequest || event.payload.humanRequested,
        topic: intent ?? state.topic ?? null,
        topics: intent && !topics.includes(intent) ? [...topics, intent] : topics,
      };
    }
    case 'human.requested':
      return { ...state, explicitRequest: true };
    case 'bot.replied': {
      const transcript = append(state.transcript, {
        role: 'bot',
        text: event.payload.text,
        at: event.occurredAt,
        messageId: event.payload.replyId,
      });
      // A waiting notice is said to the customer but answers nothing: deferrals still run.
      if (event.payload.kind === 'notice') return { ...state, transcript };
      return {
        ...state,
        botAnswers: last([
          ...(state.botAnswers ?? []),
          {
            replyId: event.payload.replyId,
            inReplyTo: event.payload.inReplyTo,
            confidence: event.payload.confidence,
            sources: event.payload.sources,
          },
        ]),
        consecutiveDeferrals: 0,
        humanNeeded: false,
        confidences: last([...(state.confidences ?? []), event.payload.confidence]),
        transcript,
      };
    }
    case 'bot.deferred':
      // HUMAN_REQUESTED follows the customer's request, which message.analyzed (emitted
      // with it) already turned into explicitRequest.
      if (event.payload.reason === 'HUMAN_REQUESTED') return state;
      return {
        ...state,
        botDeferrals: last([
          ...(state.botDeferrals ?? []),
          {
            inReplyTo: event.payload.inReplyTo,
            reason: event.payload.reason,
            confidence: event.payload.confidence,
          },
        ]),
        consecutiveDeferrals: state.consecutiveDeferrals + 1,
        humanNeeded: state.humanNeeded === true || event.payload.reason === 'HUMAN_NEEDED',
      };
    case 'agent.replied':
      return {
        ...state,
        transcript: append(state.transcript, {
          role: 'agent',
          text: event.payload.text,
          at: event.occurredAt,
          messageId: event.payload.replyId,
        }),
      };
    case 'escalation.decided':
    case 'conversation.reopened':
      return { ...state, mode: 'escalated', reopenUntil: null };
    case 'conversation.resolved':
    case 'conversation.abandoned': {
      // De-escalation: after a person resolves, the conversation is the bot's again. What the
      // bot did before the person took over no longer counts; the rest per policy.
      // Abandoned (nobody took it in time) counts the same: resolved by nobody, the bot's again.
      const { deescalation } = policy;
      return {
        ...state,
        mode: 'bot',
        reopenUntil:
          event.type === 'conversation.resolved' ? (event.payload.reopenUntil ?? null) : null,
        explicitRequest: false,
        consecutiveDeferrals: 0,
        humanNeeded: false,
        confidences: [],
        topics: [],
        ...(deescalation.resetSentiment ? { sentiments: [], emotions: [] } : {}),
        ...(deescalation.resetTurns
          ? { episodeTurns: 0, episodeStartedAt: null }
          : { episodeTurns: episodeTurns(state), episodeStartedAt: episodeStart(state) }),
        ...(deescalation.resetRepeats
          ? { questionSimilarities: [], loopingSince: event.occurredAt }
          : {}),
      };
    }
    default:
      return state;
  }
}

function reopened(state: ConversationState, at: string): boolean {
  const until = state.reopenUntil ?? null;
  return state.mode === 'bot' && until !== null && Date.parse(at) <= Date.parse(until);
}

function episodeStart(state: ConversationState): string | null {
  return state.episodeStartedAt === undefined ? state.startedAt : state.episodeStartedAt;
}

function episodeTurns(state: ConversationState): number {
  return state.episodeTurns ?? state.customerTurns;
}

/** How alike a new customer message is to the most similar earlier one that still counts. */
function repeatOf(state: ConversationState, text: string): number {
  const tokens = questionTokens(text);
  const since = state.loopingSince ?? null;
  let best = 0;
  for (const entry of state.transcript) {
    if (entry.role !== 'customer' || (since !== null && entry.at < since)) continue;
    best = Math.max(best, tokenSimilarity(tokens, questionTokens(entry.text)));
  }
  return Math.round(best * 1000) / 1000;
}

function last<T>(items: T[]): T[] {
  return items.length > HISTORY_LIMIT ? items.slice(items.length - HISTORY_LIMIT) : items;
}

function append(transcript: TranscriptEntry[], entry: TranscriptEntry): TranscriptEntry[] {
  const next = [...transcript, entry];
  return next.length > TRANSCRIPT_LIMIT ? next.slice(next.length - TRANSCRIPT_LIMIT) : next;
}
