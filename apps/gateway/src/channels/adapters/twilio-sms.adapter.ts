import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  InboundRejected,
  type AttachmentFetchLimits,
  type ChannelAdapter,
  type FetchedAttachment,
  type ChannelConfig,
  type InboundAttachment,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
  type ProviderResponse,
  type SendResult,
  type Unreachable,
} from './channel-adapter';
import { downloadMedia } from './media-download';

/**
 * SMS (and MMS) through Twilio Programmable Messaging.
 *
 * Inbound: Twilio POSTs a form-encoded webhook signed with `X-Twilio-Signature`; we answer with
 * an empty TwiML document and reply later through the REST API, because the bot and agents
 * answer asynchronously, long after Twilio's webhook has timed out.
 *
 * Settings: `secret` is the account's auth token, `settings.accountSid` and
 * `settings.fromNumber` (E.164) identify the sender, `callbackUrl` is the REST API base
 * (https://api.twilio.com in production, a fake in tests), and `settings.humanKeywords`
 * (comma-separated) overrides the words that ask for a person.
 */

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';
export const TWILIO_API_BASE = 'https://api.twilio.com';
/** Twilio refuses a longer Body (error 21617); it splits what it accepts into segments itself. */
export const SMS_MAX_CHARACTERS = 1600;
const ELLIPSIS = '...';
const DEFAULT_HUMAN_KEYWORDS = 'AGENT,HUMAN,人工';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const E164 = /^\+[1-9]\d{1,14}$/;

/** Form parameters as Twilio posts them; a name may repeat, so a value may be a list. */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * The `X-Twilio-Signature` Twilio sends: base64(HMAC-SHA1(auth token, url + name1 + value1 +
 * name2 + value2 ...)) with the POST parameters sorted by name. Values are the decoded form
 * values, not URL-encoded; the URL is exactly the one Twilio called, query string included.
 */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  const mac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    // A repeated name is signed once per distinct value, values sorted, as Twilio's helpers do.
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const each of values) mac.update(name + each, 'utf8');
  }
  return mac.digest('base64');
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // The length of a SHA-1 digest in base64 is public, so checking it first leaks nothing.
  return a.length === b.length && timingSafeEqual(a, b);
}

const URL_PARTS = /^(https?):\/\/([^/?#]+)(.*)$/is;

/**
 * The URL as received, and the same URL with the scheme's default port added or removed.
 * Twilio does not always sign with the port the same way (its own helpers check both), and
 * a proxy may or may not pass `:443` on in the Host header.
 */
export function signedUrlVariants(url: string): string[] {
  const parts = URL_PARTS.exec(url);
  if (!parts) return [url];
  const [, scheme, authority, rest] = parts;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const port = /:(\d+)$/.exec(authority)?.[1];
  if (port === undefined) return [url, `${scheme}://${authority}:${defaultPort}${rest}`];
  if (port === defaultPort)
    return [url, `${scheme}://${authority.slice(0, -port.length - 1)}${rest}`];
  return [url];
}

/** Constant-time per candidate; every candidate is checked so timing says nothing of which. */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
  given: string | undefined,
): boolean {
  if (!given) return false;
  return signedUrlVariants(url)
    .map((candidate) => sameSignature(signTwilioRequest(authToken, candidate, params), given))
    .includes(true);
}

/** Header names arrive lower-cased from Node, but the contract does not promise it. */
function header(request: InboundRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** A Map, not an object, so a parameter named `__proto__` stays a parameter. */
function parseForm(rawBody: Buffer): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

function first(params: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  return params.get(name)?.[0];
}

function attachmentKind(mimeType: string | undefined): InboundAttachment['kind'] {
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType?.startsWith('audio/')) return 'voice';
  return 'file';
}

/** MMS media: `NumMedia` says how many, `MediaUrl<i>` / `MediaContentType<i>` describe each. */
export function mediaAttachments(
  params: ReadonlyMap<string, readonly string[]>,
): InboundAttachment[] {
  const declared = Number.parseInt(first(params, 'NumMedia') ?? '0', 10);
  // Bounded by the parameters actually present, so a large NumMedia costs nothing.
  const count = Number.isFinite(declared) ? Math.min(Math.max(declared, 0), params.size) : 0;
  const attachments: InboundAttachment[] = [];
  for (let index = 0; index < count; index++) {
    const url = first(params, `MediaUrl${index}`);
    if (!url) continue;
    const mimeType = first(params, `MediaContentType${index}`);
    attachments.push({ kind: attachmentKind(mimeType), url, ...(mimeType ? { mimeType } : {}) });
  }
  return attachments;
}

/** The whole message (surrounding spaces aside) is one keyword: "agent please" is a sentence. */
export function isHumanKeyword(body: string, keywordSetting: string | undefined): boolean {
  const wanted = body.trim().toLowerCase();
  if (!wanted) return false;
  return (keywordSetting || DEFAULT_HUMAN_KEYWORDS)
    .split(',')
    .map((keyword) => keyword.trim().toLowerCase())
    .some((keyword) => keyword === wanted);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function codePointLength(text: string): number {
  return [...text].length;
}

/**
 * Keeps a body within Twilio's 1,600-character limit, counted in code points so a Chinese
 * character or an emoji counts once and is never cut in half (a cut surrogate pair arrives as
 * U+FFFD). Cuts only between graphemes, so a flag or a ZWJ family emoji is kept or dropped
 * whole. Segments are Twilio's business: 160 GSM-7 or 70 UCS-2 characters each, and any
 * Chinese or emoji forces UCS-2, so 1,600 characters may bill as up to 23 segments.
 */
export function fitSmsBody(text: string, limit: number = SMS_MAX_CHARACTERS): string {
  if (codePointLength(text) <= limit) return text;
  const budget = limit - ELLIPSIS.length;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return kept + ELLIPSIS;
}

export function messagesUrl(apiBase: string, accountSid: string): string {
  const base = (apiBase || TWILIO_API_BASE).replace(/\/+$/, '');
  return `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/**
 * What a Messages.json answer means for the gateway. 429 and 5xx are Twilio being busy or
 * broken: worth another try. Any other 4xx (21211 invalid 'To', 21610 unsubscribed recipient,
 * 20003 bad credentials, 20404 unknown account) will fail the same way every time.
 */
export function interpretMessagesResponse(status: number, bodyText: string): SendResult {
  const body = parseJson(bodyText);
  if (status >= 200 && status < 300) {
    const sid = field(body, 'sid');
    // Twilio has accepted the message even if we cannot read its id: retrying would send twice.
    return typeof sid === 'string' && sid ? { ok: true, providerMessageId: sid } : { ok: true };
  }
  const code = field(body, 'code');
  const message = field(body, 'message');
  const detail =
    typeof message === 'string' && message ? message : bodyText.slice(0, 200) || 'no error body';
  const reason =
    typeof code === 'number' || typeof code === 'string'
      ? `twilio ${status} ${code}: ${detail}`
      : `twilio ${status}: ${detail}`;
  const retryable = status === 429 || status === 408 || status >= 500;
  const unreachable = TWILIO_UNREACHABLE[Number(code)];
  return { ok: false, retryable, reason, ...(unreachable ? { unreachable } : {}) };
}

/** Twilio error codes that mean this number cannot be messaged at all. */
const TWILIO_UNREACHABLE: Record<number, Unreachable> = {
  21211: 'INVALID_ADDRESS', // invalid 'To' phone number
  21614: 'INVALID_ADDRESS', // 'To' is not a valid mobile number
  21610: 'OPTED_OUT', // the recipient replied STOP
};

/**
 * Why fetch failed. Read by name, not `instanceof Error`: the timeout is a DOMException from
 * Node's own realm, which is not an `Error` of a test sandbox's realm.
 */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (field(error, 'name') === 'TimeoutError') return `twilio did not answer in ${timeoutMs} ms`;
  const message = field(error, 'message');
  // undici says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND ...).
  const cause = field(field(error, 'cause'), 'code');
  const detail = typeof message === 'string' ? message : String(error);
  return `twilio unreachable: ${detail}${typeof cause === 'string' ? ` (${cause})` : ''}`;
}

function reject(status: 400 | 401 | 403 | 415, code: string, message: string): never {
  throw new InboundRejected(status, code, message);
}

export class TwilioSmsAdapter implements ChannelAdapter {
  readonly type = 'sms' as const;

  /**
   * Twilio's signature carries no timestamp, so `now` cannot bound its age: replay protection
   * relies on the gateway's idempotency on `channelMessageId` (the MessageSid), which makes a
   * replayed webhook a duplicate of a message already stored.
   */
  receive(channel: ChannelConfig, request: InboundRequest, _now: Date): InboundResult {
    if (!/^application\/x-www-form-urlencoded\b/i.test(header(request, 'content-type') ?? '')) {
      reject(
        415,
        'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
        'Twilio webhooks arrive as application/x-www-form-urlencoded; set the number’s webhook to HTTP POST.',
      );
    }
    const params = parseForm(request.rawBody);
    const signature = header(request, TWILIO_SIGNATURE_HEADER);
    if (
      !verifyTwilioSignature(channel.secret, request.url, Object.fromEntries(params), signature)
    ) {
      reject(
        401,
        'GATEWAY.BAD_SIGNATURE',
        'The X-Twilio-Signature header is missing or does not match this channel’s auth token and URL.',
      );
    }
    // A valid signature from another account of ours is still the wrong channel.
    if (first(params, 'AccountSid') !== channel.settings.accountSid) {
      reject(
        403,
        'GATEWAY.WRONG_ACCOUNT',
        'The webhook comes from a different Twilio account than this channel’s.',
      );
    }
    // A delivery-status callback of a message we sent (the number's status callback pointed
    // here): nothing a customer said. Answered, never published as an empty message.
    if (first(params, 'MessageStatus') !== undefined && first(params, 'Body') === undefined) {
      return { kind: 'respond', reply: { status: 204, contentType: 'text/plain', body: '' } };
    }
    const messageSid = first(params, 'MessageSid');
    const from = first(params, 'From');
    if (!messageSid || !from) {
      reject(400, 'GATEWAY.INVALID_MESSAGE', 'A Twilio message needs MessageSid and From.');
    }
    const text = first(params, 'Body') ?? '';
    return {
      kind: 'messages',
      messages: [
        {
          channelMessageId: messageSid,
          externalId: from,
          // Only a real phone number links identities; short codes and alphanumeric senders do not.
          ...(E164.test(from) ? { verified: { phone: from } } : {}),
          text,
          ...(isHumanKeyword(text, channel.settings.humanKeywords)
            ? { action: 'request_human' as const }
            : {}),
          attachments: mediaAttachments(params),
        },
      ],
      reply: emptyTwiml(),
    };
  }

  /**
   * `toneHint: 'short'` is the bot's to honour when it writes; here we only keep the body
   * within what Twilio accepts. Twilio's Messages API takes no idempotency key, so a retry
   * after a timeout may, rarely, send the text twice; the gateway's backoff keeps that rare.
   */
  async send(channel: ChannelConfig, reply: OutboundReply, timeoutMs: number): Promise<SendResult> {
    const accountSid = channel.settings.accountSid;
    const fromNumber = channel.settings.fromNumber;
    if (!accountSid || !fromNumber) {
      return {
        ok: false,
        retryable: false,
        reason: 'sms channel needs settings.accountSid and settings.fromNumber',
      };
    }
    const url = messagesUrl(channel.callbackUrl, accountSid);
    // A malformed base URL is configuration, not a passing fault: retrying cannot fix it.
    if (!URL.canParse(url))
      return { ok: false, retryable: false, reason: `sms channel has an invalid API URL: ${url}` };
    const form = new URLSearchParams({
      To: reply.to,
      From: fromNumber,
      Body: fitSmsBody(reply.text),
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: basicAuth(accountSid, channel.secret),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const bodyText = await response.text().catch(() => '');
      return interpretMessagesResponse(response.status, bodyText);
    } catch (error) {
      const reason = describeFetchFailure(error, timeoutMs);
      return { ok: false, retryable: true, reason };
    }
  }

  /**
   * MMS media (`MediaUrl<i>`) is served by the REST API, which wants the account's Basic
   * credentials (unless the account switched media authentication off). They are sent only
   * to the channel's own API origin, never to whatever host a URL names.
   */
  fetchAttachment(
    channel: ChannelConfig,
    attachment: InboundAttachment,
    limits: AttachmentFetchLimits,
  ): Promise<FetchedAttachment> {
    const accountSid = channel.settings.accountSid;
    if (!URL.canParse(attachment.url) || !/^https?:/i.test(attachment.url)) {
      const reason = 'the MMS media URL is not an http(s) URL';
      return Promise.resolve({ ok: false, retryable: false, rejection: 'UNSUPPORTED', reason });
    }
    const apiOrigin = URL.canParse(channel.callbackUrl || TWILIO_API_BASE)
      ? new URL(channel.callbackUrl || TWILIO_API_BASE).origin
      : null;
    const ownApi = new URL(attachment.url).origin === apiOrigin;
    const headers: Record<string, string> =
      ownApi && accountSid ? { authorization: basicAuth(accountSid, channel.secret) } : {};
    return downloadMedia(attachment.url, headers, limits, 'twilio');
  }
}

function emptyTwiml(): ProviderResponse {
  return { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };
}
