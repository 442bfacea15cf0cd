import type { ChannelType } from '@tandem/contracts';

/**
 * The contract every channel implements: turn a provider's inbound request into normalised
 * customer messages (after checking it really comes from the provider), and send a reply
 * through the provider's API. Adapters are pure translation plus HTTP: no database, no
 * Kafka; the gateway does the rest (idempotency, publishing, delivery events).
 */

/** A channel as the adapter sees it (from the gateway's `channels` table). */
export interface ChannelConfig {
  id: string;
  tenantId: string;
  type: ChannelType;
  /** The shared secret the provider signs with (generic HMAC key, WeChat Token, Twilio auth token, Postmark webhook password). */
  secret: string;
  /** Where replies go: the generic callback URL, or the provider's API base URL (a fake one in tests). */
  callbackUrl: string;
  /** Type-specific settings (WeChat appId/appSecret, Twilio accountSid/fromNumber, Postmark serverToken/fromEmail ...). */
  settings: Record<string, string>;
}

/** The inbound HTTP request, as received. */
export interface InboundRequest {
  method: 'GET' | 'POST';
  /** The full URL the provider called, as it would sign it (scheme, host, path and query). */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** The exact bytes received (empty for GET). */
  rawBody: Buffer;
}

export interface InboundAttachment {
  kind: 'image' | 'voice' | 'file';
  /**
   * Where the provider serves it (WeChat PicUrl or `wechat-media:<MediaId>`, MMS media URL,
   * ...), for the adapter's `fetchAttachment`. Never published: provider URLs expire or need
   * credentials.
   */
  url: string;
  /** The file name the customer gave it (e-mail), if any. */
  name?: string;
  /** What the provider says it is; the type of downloaded bytes is what the download answers. */
  mimeType?: string;
  sizeBytes?: number;
  /** The bytes, when they came inside the webhook itself (Postmark's base64 `Content`). */
  content?: Buffer;
}

/** Bounds for one download; the adapter stops reading past `maxBytes`. */
export interface AttachmentFetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export type FetchedAttachment =
  | { ok: true; bytes: Buffer; contentType?: string }
  /** Worth another try later (timeout, 5xx, 429): the gateway asks the provider to retry the webhook. */
  | { ok: false; retryable: true; reason: string }
  /** Final: the message is published with this attachment marked rejected. */
  | {
      ok: false;
      retryable: false;
      rejection: 'TOO_LARGE' | 'UNAVAILABLE' | 'UNSUPPORTED';
      reason: string;
    };

/** One customer message, normalised. */
export interface InboundMessage {
  /** The provider's own id for the message: a retry of the same message carries the same id. */
  channelMessageId: string;
  /** The customer's id on this channel: WeChat openid, phone number in E.164, e-mail address (lower-case). */
  externalId: string;
  customerName?: string;
  /** Verified attributes the gateway may use to link identities across channels. */
  verified?: { phone?: string; email?: string };
  text: string;
  /** A structured request for a person (a menu button, a keyword the channel defines as such). */
  action?: 'request_human';
  attachments: InboundAttachment[];
}

/** What to answer the provider's HTTP request with. */
export interface ProviderResponse {
  status: number;
  contentType: string;
  body: string;
}

export type InboundResult =
  /** Messages to publish; `reply` is what the provider expects once they are stored. */
  | { kind: 'messages'; messages: InboundMessage[]; reply: ProviderResponse }
  /** A handshake (e.g. WeChat URL verification) or an event with nothing to publish. */
  | { kind: 'respond'; reply: ProviderResponse };

/** A rejection with a stable code; the gateway turns it into problem+json. */
export class InboundRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InboundRejected';
  }
}

export interface OutboundReply {
  replyId: string;
  conversationId: string;
  /** The customer's id on this channel (see InboundMessage.externalId). */
  to: string;
  from: { role: 'bot' | 'agent'; name: string };
  text: string;
  sentAt: string;
  /** How the channel likes its replies: 'formal' for e-mail, 'short' for SMS. */
  toneHint?: 'formal' | 'short' | 'neutral';
  /**
   * Set when the text is a survey question: channels that can show a rating control (web
   * chat, an adapter) use it; the others send the text, whose reply with a number answers it.
   */
  survey?: { id: string; kind: 'csat' | 'nps'; min: number; max: number };
}

/**
 * Why the customer cannot be reached on this channel at all, whatever is sent: an address
 * the provider refuses, a customer who opted out or whose address bounced, a reply window
 * that closed. The desk can show it and reach the customer another way.
 */
export type Unreachable = 'INVALID_ADDRESS' | 'OPTED_OUT' | 'INACTIVE' | 'REPLY_WINDOW_CLOSED';

export type SendResult =
  | { ok: true; providerMessageId?: string }
  | { ok: false; retryable: boolean; reason: string; unreachable?: Unreachable };

export interface ChannelAdapter {
  readonly type: ChannelType;
  /** Throws InboundRejected for a forged, stale or malformed request. `now` for signature freshness. */
  receive(channel: ChannelConfig, request: InboundRequest, now: Date): InboundResult;
  /** One attempt; the gateway retries retryable failures with backoff. Never throws. */
  send(channel: ChannelConfig, reply: OutboundReply, timeoutMs: number): Promise<SendResult>;
  /**
   * Downloads an attachment `receive` announced by URL, with the provider's credentials.
   * Never throws. Adapters whose attachments always arrive inline leave it out.
   */
  fetchAttachment?(
    channel: ChannelConfig,
    attachment: InboundAttachment,
    limits: AttachmentFetchLimits,
  ): Promise<FetchedAttachment>;
}
