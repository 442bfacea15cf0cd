import type { AnyEvent, ChannelType, Sentiment, TranscriptEntry } from '@tandem/contracts';

/** What the router knows of one conversation, folded from its events in log order. */
export interface ConversationState {
  conversationId: string;
  tenantId: string;
  customerId: string | null;
  channel: { id: string; type: ChannelType } | null;
  language: 'zh' | 'en' | 'other';
  mode: 'bot' | 'escalated';
  startedAt: string | null;
  customerTurns: number;
  transcript: TranscriptEntry[];
  sentiments: Sentiment[];
  consecutiveDeferrals: number;
  explicitRequest: boolean;
  /**
   * The bot's model judged that a person is needed (`bot.deferred` HUMAN_NEEDED) since the
   * bot last answered. Absent in states stored before it existed: read as false.
   */
  humanNeeded?: boolean;
}

export const TRANSCRIPT_LIMIT = 200;

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
  };
}

/** Pure: the state after one more event. Events the router does not track leave it unchanged. */
export function foldEvent(state: ConversationState, event: AnyEvent): ConversationState {
  switch (event.type) {
    case 'message.received':
      return {
        ...state,
        customerId: event.payload.customer.id,
        channel: event.payload.channel,
        startedAt: state.startedAt ?? event.payload.receivedAt,
        customerTurns: state.customerTurns + 1,
        transcript: append(state.transcript, {
          role: 'customer',
          text: event.payload.text,
          at: event.payload.receivedAt,
          messageId: event.payload.messageId,
        }),
      };
    case 'message.analyzed':
      return {
        ...state,
        language: event.payload.language,
        sentiments: [...state.sentiments, event.payload.sentiment].slice(-20),
        explicitRequest: state.explicitRequest || event.payload.humanRequested,
      };
    case 'human.requested':
      return { ...state, explicitRequest: true };
    case 'bot.replied':
      return {
        ...state,
        // A waiting notice is said to the customer but answers nothing: deferrals still run.
        consecutiveDeferrals: event.payload.kind === 'notice' ? state.consecutiveDeferrals : 0,
        humanNeeded: event.payload.kind === 'notice' ? (state.humanNeeded ?? false) : false,
        transcript: append(state.transcript, {
          role: 'bot',
          text: event.payload.text,
          at: event.occurredAt,
          messageId: event.payload.replyId,
        }),
      };
    case 'bot.deferred':
      // HUMAN_REQUESTED follows the customer's request, which message.analyzed (emitted
      // with it) already turned into explicitRequest.
      if (event.payload.reason === 'HUMAN_REQUESTED') return state;
      return {
        ...state,
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
      return { ...state, mode: 'escalated' };
    case 'conversation.resolved':
      // De-escalation: after a person resolves, the conversation is the bot's again.
      return {
        ...state,
        mode: 'bot',
        explicitRequest: false,
        consecutiveDeferrals: 0,
        humanNeeded: false,
      };
    default:
      return state;
  }
}

function append(transcript: TranscriptEntry[], entry: TranscriptEntry): TranscriptEntry[] {
  const next = [...transcript, entry];
  return next.length > TRANSCRIPT_LIMIT ? next.slice(next.length - TRANSCRIPT_LIMIT) : next;
}
