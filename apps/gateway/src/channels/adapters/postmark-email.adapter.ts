import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  InboundRejected,
  type ChannelAdapter,
  type ChannelConfig,
  type InboundAttachment,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
  type SendResult,
  type Unreachable,
} from './channel-adapter';

/**
 * E-mail through Postmark: inbound mail arrives as Postmark's inbound webhook JSON, replies
 * leave through Postmark's `POST /email` API.
 *
 * Settings: `secret` is the password of the HTTP Basic credentials written into the inbound
 * webhook URL (`https://postmark:<secret>@host/v1/channels/<id>/webhook`). Postmark does not
 * sign inbound webhooks, so these credentials are the only proof a request comes from it.
 * Keep the secret URL-safe (hex, say): it travels inside a URL before it becomes a header.
 * `settings`: `webhookUser` (default `postmark`), `serverToken`, `fromEmail`, optional
 * `fromName`, `replySubject`, and `trustedAuthservIds` (see verifiedSender below).
 * `callbackUrl`: the API base URL, `https://api.postmarkapp.com` when empty.
 */

const DEFAULT_API_BASE = 'https://api.postmarkapp.com';
const DEFAULT_WEBHOOK_USER = 'postmark';
const DEFAULT_REPLY_SUBJECT = 'Your conversation with us';

// Limits of the message.received event (libs/contracts events.ts). A longer field would make
// the event invalid, the gateway would answer 500, and Postmark would retry a mail that can
// never succeed; so long mail is cut here instead.
const MAX_TEXT = 20_000;
const MAX_ATTACHMENTS = 20;
const MAX_NAME = 200;
const MAX_MIME_TYPE = 255;
// Keeps the attachment URL under the event's 2,048 characters even when every character of
// the file name percent-encodes to twelve (an emoji).
const MAX_FILE_NAME_CODE_POINTS = 100;
const CUT_MARK = '\n[…]';

/** Postmark ErrorCodes that say "not now" rather than "never": 100 Maintenance, 429 rate limit. */
const TRANSIENT_ERROR_CODES = new Set([100, 429]);

// Only the fields the adapter reads. Fields a message cannot do without are strict; the rest
// fall back to "absent", because refusing a whole mail over one odd attachment loses the mail.
const optionalText = z.string().nullish().catch(undefined);
const headerSchema = z.object({ Name: z.string(), Value: z.string() });
const attachmentSchema = z.object({
  Name: optionalText,
  ContentType: optionalText,
  ContentLength: z.number().int().nonnegative().nullish().catch(undefined),
  /** The bytes, base64. */
  Content: optionalText,
});
const inboundSchema = z.object({
  MessageID: z.string().trim().min(1).max(256),
  FromFull: z.object({
    Email: z
      .string()
      .trim()
      .regex(/^[^\s@]+@[^\s@]+$/, 'is not an e-mail address'),
    Name: optionalText,
  }),
  Subject: optionalText,
  TextBody: optionalText,
  HtmlBody: optionalText,
  StrippedTextReply: optionalText,
  Headers: z.array(headerSchema.nullable().catch(null)).nullish().catch(undefined),
  Attachments: z.array(attachmentSchema.nullable().catch(null)).nullish().catch(undefined),
});
type PostmarkInbound = z.infer<typeof inboundSchema>;
type PostmarkHeader = z.infer<typeof headerSchema>;

const sendAnswerSchema = z.object({
  ErrorCode: z.number().optional().catch(undefined),
  Message: z.string().optional().catch(undefined),
  MessageID: z.string().optional().catch(undefined),
});
type SendAnswer = z.infer<typeof sendAnswerSchema>;

export class PostmarkEmailAdapter implements ChannelAdapter {
  readonly type = 'email' as const;

  // No freshness check (`now` unused): Postmark sends no timestamp to check. Postmark's own
  // retries of a mail carry the same MessageID, which the gateway de-duplicates.
  receive(channel: ChannelConfig, request: InboundRequest, _now: Date): InboundResult {
    const user = channel.settings.webhookUser || DEFAULT_WEBHOOK_USER;
    // Credentials first: a caller who cannot prove it is Postmark learns nothing else.
    if (!basicAuthMatches(headerOf(request.headers, 'authorization'), user, channel.secret)) {
      throw new InboundRejected(
        401,
        'GATEWAY.BAD_SIGNATURE',
        'The Basic credentials do not match the ones in this channel’s Postmark webhook URL.',
      );
    }
    if (request.method !== 'POST') {
      throw new InboundRejected(400, 'GATEWAY.INVALID_MESSAGE', 'Postmark delivers mail by POST.');
    }
    if (!/^application\/(.+\+)?json\b/i.test(headerOf(request.headers, 'content-type') ?? '')) {
      throw new InboundRejected(
        415,
        'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
        'Send the Postmark inbound webhook as application/json.',
      );
    }
    const mail = parseInbound(request.rawBody);
    const email = mail.FromFull.Email.toLowerCase();
    const name = (mail.FromFull.Name ?? '').trim();
    const verified = verifiedSender(
      email,
      (mail.Headers ?? []).filter((header): header is PostmarkHeader => header !== null),
      listSetting(channel.settings.trustedAuthservIds),
    );
    return {
      kind: 'messages',
      messages: [
        {
          channelMessageId: mail.MessageID,
          externalId: email,
          ...(name ? { customerName: clip(name, MAX_NAME) } : {}),
          ...(verified ? { verified: { email: verified } } : {}),
          text: messageText(mail),
          attachments: attachmentsOf(mail),
        },
      ],
      reply: { status: 200, contentType: 'application/json', body: '{"ok":true}' },
    };
  }

  async send(channel: ChannelConfig, reply: OutboundReply, timeoutMs: number): Promise<SendResult> {
    const { serverToken, fromEmail } = channel.settings;
    if (!serverToken || !fromEmail) {
      // A retry sends the same settings again; someone has to fix the channel first.
      return {
        ok: false,
        retryable: false,
        reason: 'the channel has no Postmark serverToken or fromEmail',
      };
    }
    const base = apiBase(channel.callbackUrl);
    if (!base) {
      return { ok: false, retryable: false, reason: `the channel's Postmark API URL is not a URL` };
    }
    const body = JSON.stringify(outboundEmail(channel.settings, fromEmail, reply));
    try {
      const response = await fetch(`${base}/email`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'x-postmark-server-token': serverToken,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Postmark has answered; an unreadable body only costs us its details.
      const answer = parseAnswer(await response.text().catch(() => ''));
      return sendResultOf(response.status, answer);
    } catch (error) {
      const reason =
        nameOf(error) === 'TimeoutError'
          ? `postmark did not answer in ${timeoutMs} ms`
          : `postmark unreachable: ${messageOf(error)}`;
      return { ok: false, retryable: true, reason };
    }
  }
}

// ---------------------------------------------------------------- inbound: authentication

function headerOf(headers: Record<string, string | undefined>, name: string): string | undefined {
  // Node lower-cases header names; a caller building the request by hand may not have.
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function sha256(value: Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

function basicAuthMatches(
  authorization: string | undefined,
  user: string,
  password: string,
): boolean {
  // An unset secret would otherwise accept "postmark:" from anyone.
  if (!password) return false;
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64');
  const expected = Buffer.from(`${user}:${password}`, 'utf8');
  // Compared as digests: equal lengths, so the comparison takes the same time whatever was
  // sent and does not reveal how long the secret is.
  return timingSafeEqual(sha256(given), sha256(expected));
}

// ---------------------------------------------------------------- inbound: parsing

function parseInbound(rawBody: Buffer): PostmarkInbound {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new InboundRejected(
      400,
      'GATEWAY.INVALID_MESSAGE',
      `The body is not JSON: ${(error as Error).message}`,
    );
  }
  const parsed = inboundSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new InboundRejected(
      400,
      'GATEWAY.INVALID_MESSAGE',
      `The body is not a Postmark inbound message: ${issues.join('; ')}.`,
    );
  }
  return parsed.data;
}

function listSetting(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

// ---------------------------------------------------------------- inbound: text

/** `Re:` in English clients, `回复:` / `答复:` in Chinese ones (often with a full-width colon). */
export function isReplySubject(subject: string): boolean {
  return /^\s*(?:re|回复|答复)\s*[:：]/i.test(subject);
}

function plainText(value: string | null | undefined): string {
  return (value ?? '').replace(/\r\n?/g, '\n').trim();
}

function messageText(mail: PostmarkInbound): string {
  // StrippedTextReply is only the new part of a reply, without the quoted history.
  const body =
    plainText(mail.StrippedTextReply) ||
    plainText(mail.TextBody) ||
    htmlToText(mail.HtmlBody ?? '');
  const subject = (mail.Subject ?? '').replace(/\s+/g, ' ').trim();
  // A new mail's subject is often the question itself ("Where is order 2043?"); in a reply it
  // only repeats what the conversation already holds.
  const text =
    subject && !isReplySubject(subject) ? [subject, body].filter(Boolean).join('\n') : body;
  return text.length > MAX_TEXT ? clip(text, MAX_TEXT - CUT_MARK.length) + CUT_MARK : text;
}

function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  // Never leave half of a surrogate pair (an emoji) at the end.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

function decodeEntities(text: string): string {
  // One pass, so "&amp;lt;" becomes "&lt;" and not "<".
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]{1,31}));/gi,
    (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
      const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
      const valid =
        codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : '\uFFFD';
    },
  );
}

/**
 * An HTML-only mail as plain text. Nothing here renders or keeps markup: elements whose
 * content is not text for a reader (scripts, styles, the head) go with their content, every
 * other tag goes, and entities are decoded last, so "&lt;b&gt;" ends up as the characters
 * "<b>" in plain text, never as a tag.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    // An unclosed <script> swallows the rest of the document, as a browser would.
    .replace(
      /<(script|style|head|title|template|noscript|iframe|object|svg)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi,
      '',
    )
    // Line breaks in HTML source are just spaces; the structure comes from the tags.
    .replace(/\s+/g, ' ')
    .replace(
      /<\/?(?:p|div|br|li|tr|h[1-6]|blockquote|pre|hr|table|ul|ol|dl|dt|dd|section|article|header|footer)\b[^>]*>/gi,
      '\n',
    )
    .replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>|<![^>]*>|<\?[^>]*>/gi, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---------------------------------------------------------------- inbound: attachments

function attachmentKind(mimeType: string): InboundAttachment['kind'] {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'voice';
  return 'file';
}

/**
 * Postmark sends the bytes (base64 `Content`) inside this one request and nowhere else we can
 * fetch them from, so they travel on as `content` for the gateway to store; the URL only
 * names the attachment (message, position in `Attachments`, file name) for logs.
 */
function attachmentsOf(mail: PostmarkInbound): InboundAttachment[] {
  const attachments: InboundAttachment[] = [];
  (mail.Attachments ?? []).forEach((attachment, index) => {
    if (!attachment || attachments.length >= MAX_ATTACHMENTS) return;
    const mimeType = clip((attachment.ContentType ?? '').trim().toLowerCase(), MAX_MIME_TYPE);
    const name = Array.from(attachment.Name ?? '')
      .slice(0, MAX_FILE_NAME_CODE_POINTS)
      .join('');
    const content = attachment.Content ? Buffer.from(attachment.Content, 'base64') : undefined;
    const sizeBytes = content?.length ?? attachment.ContentLength;
    attachments.push({
      kind: attachmentKind(mimeType),
      // Encoded, so a "/" in a file name cannot pass for a path segment.
      url: `postmark-attachment:${encodeURIComponent(mail.MessageID)}/${index}/${encodeURIComponent(name)}`,
      ...(name ? { name } : {}),
      ...(mimeType ? { mimeType } : {}),
      ...(sizeBytes != null ? { sizeBytes } : {}),
      ...(content ? { content } : {}),
    });
  });
  return attachments;
}

// ---------------------------------------------------------------- inbound: verified sender

/**
 * The From address of a mail is whatever the sender typed: anyone can send "From:
 * boss@example.com". It only becomes a verified attribute (which links identities across
 * channels, so a forged one would hand over someone else's history) when a receiving server
 * we trust checked that the sender's domain vouches for the message:
 *
 * - `Received-SPF: pass`, with `envelope-from` in the From address's domain. Only the first
 *   such header counts: the receiving server (Postmark) adds its own on top, and any further
 *   down may have been written by the sender.
 * - `Authentication-Results` with `dkim=pass` (signing domain `header.d`/`header.i`) or
 *   `spf=pass` (`smtp.mailfrom`) for that domain. Anyone can write this header too, and
 *   nothing marks Postmark's own; so it is read only from a server named in the channel's
 *   `trustedAuthservIds` (e.g. `mx.google.com` when a Google Workspace inbox forwards to
 *   Postmark), and only the first header from that server, which is the one it added.
 *
 * Domains must match exactly: relaxed (organisational-domain) alignment needs the public
 * suffix list, and an unrecognised match only costs a link the agent can make by hand.
 */
export function verifiedSender(
  email: string,
  headers: PostmarkHeader[],
  trustedAuthservIds: string[],
): string | undefined {
  const domain = domainOf(email);
  if (!domain) return undefined;
  const named = (name: string) =>
    headers.filter((header) => header.Name.toLowerCase() === name).map((header) => header.Value);

  const receivedSpf = named('received-spf')[0];
  if (receivedSpf !== undefined && spfPasses(receivedSpf, domain)) return email;

  const trusted = named('authentication-results')
    .map(parseAuthenticationResults)
    .find((results) => results !== null && trustedAuthservIds.includes(results.authservId));
  if (trusted && trusted.results.some((result) => resultPassesFor(result, domain))) return email;
  return undefined;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1) : address;
  return unquote(domain).trim().toLowerCase().replace(/\.$/, '');
}

function unquote(value: string): string {
  return /^".*"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/gs, '$1') : value;
}

/**
 * Drops RFC 5322 comments ("(...)", nested, with backslash escapes) outside quoted strings.
 * The comment is where receivers echo sender-controlled text, so none of it may count.
 */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\') {
      if (depth === 0) out += value.slice(i, i + 2);
      i++;
    } else if (quoted) {
      out += ch;
      if (ch === '"') quoted = false;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += ch;
      if (ch === '"') quoted = true;
    }
  }
  return out;
}

/** Splits on separator characters that are not inside a quoted string. */
function splitUnquoted(value: string, separators: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && quoted) {
      current += value.slice(i, i + 2);
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (!quoted && separators.test(ch)) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** `key=value` pairs, with quoted values unquoted; a key that repeats keeps its first value. */
function keyValues(tokens: string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const token of tokens) {
    const equals = token.indexOf('=');
    if (equals <= 0) continue;
    const key = token.slice(0, equals).trim().toLowerCase();
    if (!pairs.has(key)) pairs.set(key, unquote(token.slice(equals + 1).trim()));
  }
  return pairs;
}

/** RFC 7208 §9.1: `Received-SPF: pass (comment) identity=mailfrom; envelope-from=...; ...` */
function spfPasses(value: string, domain: string): boolean {
  const [result, ...rest] = splitUnquoted(stripComments(value), /[;\s]/);
  if (result?.toLowerCase() !== 'pass') return false;
  const pairs = keyValues(rest);
  const identity = pairs.get('identity')?.toLowerCase();
  // A pass for the HELO name says nothing about the sender's address.
  if (identity !== undefined && identity !== 'mailfrom') return false;
  const envelopeFrom = pairs.get('envelope-from');
  return envelopeFrom !== undefined && domainOf(envelopeFrom) === domain;
}

interface AuthResult {
  method: string;
  result: string;
  properties: Map<string, string>;
}

/** RFC 8601: `authserv-id [version]; method=result [reason=...] ptype.property=value ...; ...` */
function parseAuthenticationResults(
  value: string,
): { authservId: string; results: AuthResult[] } | null {
  const [head, ...resinfos] = splitUnquoted(stripComments(value), /;/);
  const authservId = head?.split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const resinfo of resinfos) {
    const [first, ...rest] = splitUnquoted(resinfo, /\s/);
    const match = /^([a-z0-9-]+)(?:\/\d+)?=([a-z]+)$/i.exec(first ?? '');
    if (!match) continue;
    results.push({
      method: match[1]!.toLowerCase(),
      result: match[2]!.toLowerCase(),
      // Each result carries only its own properties, so a passing result cannot borrow the
      // domain of a failing one next to it.
      properties: keyValues(rest),
    });
  }
  return { authservId, results };
}

function resultPassesFor(result: AuthResult, domain: string): boolean {
  if (result.result !== 'pass') return false;
  if (result.method === 'dkim') {
    const signer = result.properties.get('header.d') ?? result.properties.get('header.i');
    return signer !== undefined && domainOf(signer) === domain;
  }
  if (result.method === 'spf') {
    const mailFrom = result.properties.get('smtp.mailfrom');
    return mailFrom !== undefined && domainOf(mailFrom) === domain;
  }
  return false;
}

// ---------------------------------------------------------------- outbound

// The timeout arrives as a DOMException, which is not `instanceof Error` in every realm (under
// Jest, for one), so errors are read by shape.
function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String(error.name)
    : undefined;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error
    ? String(error.message)
    : String(error);
}

/** The API base without a trailing slash, or null when the channel's URL cannot be one. */
function apiBase(callbackUrl: string): string | null {
  const base = (callbackUrl || DEFAULT_API_BASE).replace(/\/+$/, '');
  try {
    return ['http:', 'https:'].includes(new URL(base).protocol) ? base : null;
  } catch {
    return null;
  }
}

/** `Name <address>`, quoting the name when RFC 5322 requires it (commas, dots, quotes ...). */
export function formatFrom(email: string, name: string | undefined): string {
  // No line breaks: the name ends up in a mail header.
  const display = (name ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!display) return email;
  const atom = /^[\p{L}\p{N}\p{M} !#$%&'*+\-/=?^_`{|}~]+$/u.test(display);
  return `${atom ? display : `"${display.replace(/(["\\])/g, '\\$1')}"`} <${email}>`;
}

/**
 * The body of `POST /email`. The subject is the channel's fixed one: the reply does not carry
 * the conversation's subject, nor the customer's Message-ID that In-Reply-To/References would
 * need to thread it. `toneHint` is not acted on: the bot already wrote the text for e-mail.
 */
function outboundEmail(settings: Record<string, string>, fromEmail: string, reply: OutboundReply) {
  return {
    From: formatFrom(fromEmail, settings.fromName),
    To: reply.to,
    Subject: settings.replySubject || DEFAULT_REPLY_SUBJECT,
    TextBody: reply.text,
    MessageStream: 'outbound',
    // Lets a bounce or a copy in the mailbox be traced back to the reply.
    Headers: [{ Name: 'X-Tandem-Reply-Id', Value: reply.replyId }],
  };
}

function parseAnswer(body: string): SendAnswer {
  try {
    const parsed = sendAnswerSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Postmark error codes that mean this address cannot be mailed at all. */
const POSTMARK_UNREACHABLE: Record<number, Unreachable> = {
  406: 'INACTIVE', // bounced or marked as spam: Postmark suppresses the address
};

function sendResultOf(status: number, answer: SendAnswer): SendResult {
  const code = answer.ErrorCode ?? 0;
  if (status >= 200 && status < 300 && code === 0) {
    return { ok: true, ...(answer.MessageID ? { providerMessageId: answer.MessageID } : {}) };
  }
  // Postmark refuses a message with 422 and an ErrorCode saying why (406 inactive recipient,
  // 300 invalid request ...): sending the same message again gets the same answer.
  if ((status === 422 || status === 200) && code !== 0) {
    const unreachable = POSTMARK_UNREACHABLE[code];
    return {
      ok: false,
      retryable: TRANSIENT_ERROR_CODES.has(code),
      reason: `postmark ${code}: ${answer.Message ?? 'no message'}`,
      ...(unreachable ? { unreachable } : {}),
    };
  }
  // 401 is a wrong server token (not retryable); 429 and 5xx are Postmark being busy or down.
  const retryable = status >= 500 || status === 408 || status === 429;
  const detail = answer.Message ? `: ${answer.Message}` : '';
  return { ok: false, retryable, reason: `postmark answered ${status}${detail}` };
}
