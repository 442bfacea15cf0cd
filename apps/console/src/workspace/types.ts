// The desk's shapes the workspace reads (docs/openapi/agent-desk.json), trimmed to what it uses.

export type Presence = 'online' | 'away' | 'busy' | 'offline';
export type Author = 'customer' | 'bot' | 'agent';
export type ChannelType = 'generic' | 'webchat' | 'wechat' | 'sms' | 'email';
export type DeliveryStatus = 'sent' | 'delivered' | 'failed';

export interface Me {
  id: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  presence: Presence;
  busyState: string | null;
}

export interface Reason {
  code: string;
  detail: string;
}

/** An offer as the workspace shows it: the list's fields, and more when the event told. */
export interface Offer {
  id: string;
  conversationId: string;
  expiresAt: string;
  queue?: string;
  priority?: string;
  reasons?: Reason[];
  language?: string;
  channelType?: ChannelType;
  customerDisplayName?: string | null;
  queuedAt?: string;
  /** The handoff summary or the customer's first message, when known. */
  preview?: string | null;
}

export interface ConversationSummary {
  id: string;
  status: 'queued' | 'offered' | 'assigned' | 'resolved' | 'abandoned';
  queue: string;
  priority: string;
  agentId: string | null;
  customerName: string | null;
  channel: ChannelType;
  language: string;
  /** The customer's latest sentiment (their last analysed message, else the handoff's). */
  sentiment: { score: number } | null;
  lastCustomerMessageAt: string | null;
  queuedAt: string;
  assignedAt: string | null;
  resolvedAt: string | null;
}

export interface TranscriptMessage {
  id: string;
  role: Author;
  text: string;
  at: string;
  deliveryStatus: DeliveryStatus | null;
  deliveryDetail: string | null;
}

export interface Note {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export interface AssistArticle {
  articleId: string;
  title: string;
  score: number;
  matchedQuestion: string | null;
}

export interface Assist {
  messageId: string;
  articles: AssistArticle[];
  draftReply: string | null;
  at: string;
}

export interface Handoff {
  summary: string;
  transcript: { role: string; text: string; at: string; messageId: string }[];
  customerId: string;
  channel: { id: string; type: ChannelType };
  lastSentiment: { polarity: string; score: number; intensity: number } | null;
  language: string;
  customer?: {
    tier: string;
    displayName: string | null;
    conversations: { id: string; channelId: string; status: string; createdAt: string }[];
  } | null;
  intent?: string | null;
  reasons: Reason[];
}

export interface ConversationView {
  id: string;
  status: ConversationSummary['status'];
  queue: string;
  priority: string;
  agentId: string | null;
  queuedAt: string;
  assignedAt: string | null;
  resolvedAt: string | null;
  handoff: Handoff;
  sentiment?: { score: number } | null;
  messages: TranscriptMessage[];
  notes: Note[];
  transfers: {
    id: string;
    kind: string;
    fromQueue: string;
    toQueue: string;
    note: string;
    at: string;
  }[];
  assist: Assist | null;
  wrapUp: { code: string; note: string | null } | null;
}

export interface WrapUpCode {
  code: string;
  label: string;
  active: boolean;
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  language: string;
}
