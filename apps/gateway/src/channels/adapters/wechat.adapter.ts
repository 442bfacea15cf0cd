import { createHash, timingSafeEqual } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  InboundRejected,
  type AttachmentFetchLimits,
  type ChannelAdapter,
  type FetchedAttachment,
  type InboundAttachment,
  type ChannelConfig,
  type InboundMessage,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
  type ProviderResponse,
  type SendResult,
  type Unreachable,
} from './channel-adapter';
import { downloadMedia } from './media-download';

/**
 * WeChat Official Account (微信公众号) in plain-text mode (明文模式).
 *
 * Inbound: WeChat signs every call to our URL with SHA1 over the sorted [Token, timestamp,
 * nonce] in the query string (the body itself is not signed), then either verifies the URL
 * (GET with echostr) or pushes a message / event as XML (POST).
 *
 * Outbound: replies go through the customer-service message API (客服消息), which needs an
 * access_token fetched with the appId/appSecret and works for 48 hours after the customer's
 * last message.
 *
 * The encrypted mode (安全模式, AES with the EncodingAESKey) is NOT implemented: such a push
 * is refused with a 400 that says so. The compatible mode (兼容模式) works, because its body
 * carries the plain-text fields next to <Encrypt>.
 *
 * Settings: `secret` = the Token from the WeChat admin console; `settings.appId`,
 * `settings.appSecret`; optional `settings.humanKey` (menu EventKey that asks for a person);
 * `callbackUrl` = the API base URL (the real one when empty, a fake in tests).
 */

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';
export const DEFAULT_HUMAN_KEY = 'REQUEST_HUMAN';
/** WeChat retries a push within seconds, so five minutes of skew is generous yet limits replays. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;
/** Refresh a token this long before WeChat says it expires, so no send races its expiry. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** WeChat considers the push handled once it reads exactly this (an empty body works too). */
const SUCCESS: ProviderResponse = { status: 200, contentType: 'text/plain', body: 'success' };

export interface WeChatAdapterOptions {
  maxSkewSeconds?: number;
  /** Milliseconds since the epoch; `send` has no `now`, and tests need to age cached tokens. */
  clock?: () => number;
  /** Where every gateway instance finds the account's current token (Redis in the app). */
  sharedTokens?: SharedTokenStore;
}

/**
 * The access tokens every gateway instance shares. WeChat caps token fetches per account per
 * day, and a new token retires the previous one within minutes, so instances that each
 * fetched their own would both burn the quota and refuse each other's sends.
 */
export interface SharedTokenStore {
  get(key: string): Promise<SharedToken | null>;
  set(key: string, token: SharedToken): Promise<void>;
  /** Forgets the token if it is still this one (WeChat refused it). */
  forget(key: string, token: string): Promise<void>;
  /** One instance fetches at a time: true if this one may, for up to `ttlMs`. */
  claimFetch(key: string, ttlMs: number): Promise<boolean>;
  releaseFetch(key: string): Promise<void>;
}

export interface SharedToken {
  token: string;
  /** When to fetch a new one (ms since the epoch). */
  refreshAt: number;
}

/** How long an instance may hold the right to fetch, and how long others wait for its token. */
const FETCH_CLAIM_MS = 10_000;
const WAIT_FOR_SHARED_MS = 3_000;

// ---------------------------------------------------------------------------------------------
// Signature

/** SHA1 (hex) of token, timestamp and nonce, sorted as strings and concatenated. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

function badSignature(detail: string): InboundRejected {
  return new InboundRejected(401, 'GATEWAY.BAD_SIGNATURE', detail);
}

/** Throws unless the query carries a fresh signature made with the channel's Token. */
export function verifyWeChatQuery(
  token: string,
  query: Record<string, string>,
  nowSeconds: number,
  maxSkewSeconds: number,
): void {
  // An empty Token would make every signature computable by anyone.
  if (!token) throw badSignature('The channel has no WeChat Token configured.');
  const { signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce)
    throw badSignature('The signature, timestamp or nonce query parameter is missing.');
  if (!/^[0-9a-f]{40}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp))
    throw badSignature('The signature or timestamp query parameter is malformed.');
  const expected = Buffer.from(wechatSignature(token, timestamp, nonce), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex')))
    throw badSignature('The signature does not match the channel Token.');
  // Checked after the signature: only an authentic request is worth telling it is merely old.
  if (Math.abs(nowSeconds - Number(timestamp)) > maxSkewSeconds) {
    throw new InboundRejected(
      401,
      'GATEWAY.STALE_SIGNATURE',
      `The signed timestamp is more than ${maxSkewSeconds} s from now.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// XML

function invalid(detail: string): InboundRejected {
  return new InboundRejected(400, 'GATEWAY.INVALID_MESSAGE', detail);
}

const CDATA = '#cdata';
const TEXT = '#text';

const parser = new XMLParser({
  // No entity processing at all: together with refusing DOCTYPE below, nothing can expand.
  processEntities: false,
  // Keep every value a string: MsgId is a 64-bit integer that a JS number would round.
  parseTagValue: false,
  // Keep the customer's leading/trailing spaces; ids are trimmed where they are read.
  trimValues: false,
  // CDATA apart from text, so entity references are decoded in text only, never in CDATA.
  cdataPropName: CDATA,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const PREDEFINED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** XML's five predefined entities and character references; anything else stays as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED_ENTITIES[name] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text of one parsed element: plain text (entities decoded) or CDATA (as is, split
 * sections joined). `null` for anything else: repeated elements, child elements, or text
 * mixed with CDATA, whose order the parser does not keep.
 */
function elementText(value: unknown): string | null {
  if (typeof value === 'string') return decodeXmlText(value);
  if (!isRecord(value) || !(CDATA in value)) return null;
  if (Object.keys(value).some((key) => key !== CDATA && key !== TEXT)) return null;
  const around = value[TEXT];
  if (around !== undefined && (typeof around !== 'string' || around.trim() !== '')) return null;
  const cdata = value[CDATA];
  if (typeof cdata === 'string') return cdata;
  if (Array.isArray(cdata) && cdata.every((part) => typeof part === 'string'))
    return cdata.join('');
  return null;
}

/** A WeChat push: `<xml>` with one element per field. */
export interface PushFields {
  /** The field's text, or undefined when absent; throws when present but not plain text. */
  get(name: string): string | undefined;
}

export function parsePush(rawBody: Buffer): PushFields {
  const text = rawBody.toString('utf8');
  // WeChat never sends a DTD; refusing one outright rules out entity-expansion bombs and XXE.
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw invalid('DOCTYPE and ENTITY declarations are not accepted.');
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw invalid(`The body is not well-formed XML: ${validation.err.msg}`);
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    throw invalid(`The body could not be parsed: ${(error as Error).message}`);
  }
  const root = isRecord(document) ? document['xml'] : undefined;
  if (!isRecord(root)) throw invalid('The body is not a WeChat <xml> message.');
  return {
    get(name) {
      if (!Object.hasOwn(root, name)) return undefined;
      const value = elementText(root[name]);
      if (value === null) throw invalid(`<${name}> must appear once and hold only text.`);
      return value;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Inbound mapping

function required(fields: PushFields, name: string): string {
  const value = fields.get(name);
  if (value === undefined) throw invalid(`<${name}> is missing.`);
  return value;
}

/** An identifier: surrounding whitespace (pretty-printed XML) removed, and not empty. */
function requiredId(fields: PushFields, name: string): string {
  const value = required(fields, name).trim();
  if (!value) throw invalid(`<${name}> is empty.`);
  return value;
}

const VOICE_MIME_TYPES: Record<string, string> = { amr: 'audio/amr', speex: 'audio/speex' };

function respond(): InboundResult {
  return { kind: 'respond', reply: SUCCESS };
}

function publish(message: InboundMessage): InboundResult {
  return { kind: 'messages', messages: [message], reply: SUCCESS };
}

/** Turns a parsed push into what the gateway publishes; pure, so every MsgType is testable. */
export function mapPush(fields: PushFields, humanKey: string): InboundResult {
  const msgType = fields.get('MsgType')?.trim();
  if (msgType === undefined && fields.get('Encrypt') !== undefined) {
    throw invalid(
      'Encrypted (安全模式) WeChat messages are not supported; switch the account to plain-text or compatible mode.',
    );
  }
  if (!msgType) throw invalid('<MsgType> is missing.');
  if (!/^[A-Za-z0-9_]{1,32}$/.test(msgType)) throw invalid('<MsgType> is not a WeChat type.');
  const externalId = requiredId(fields, 'FromUserName');
  requiredId(fields, 'ToUserName');
  const createTime = requiredId(fields, 'CreateTime');
  if (!/^\d+$/.test(createTime)) throw invalid('<CreateTime> is not a number of seconds.');

  if (msgType === 'event') {
    const event = requiredId(fields, 'Event');
    const isHumanButton =
      event.toUpperCase() === 'CLICK' && fields.get('EventKey')?.trim() === humanKey;
    // Subscribe, unsubscribe, other buttons, scans, location reports: nothing for an agent.
    if (!isHumanButton) return respond();
    return publish({
      // Events carry no MsgId; WeChat's retries of one event repeat its CreateTime.
      channelMessageId: `${externalId}:${createTime}:${event}`,
      externalId,
      text: '',
      action: 'request_human',
      attachments: [],
    });
  }

  const base = { channelMessageId: requiredId(fields, 'MsgId'), externalId };
  switch (msgType) {
    case 'text':
      return publish({ ...base, text: required(fields, 'Content'), attachments: [] });
    case 'image':
      return publish({
        ...base,
        text: '',
        attachments: [{ kind: 'image', url: requiredId(fields, 'PicUrl') }],
      });
    case 'voice': {
      const format = fields.get('Format')?.trim().toLowerCase();
      const mimeType = format ? VOICE_MIME_TYPES[format] : undefined;
      return publish({
        ...base,
        // Present only when the account has speech recognition (语音识别) switched on.
        text: fields.get('Recognition') ?? '',
        attachments: [
          {
            kind: 'voice',
            // Not fetchable as is: the media API needs an access_token, and keeps it 3 days.
            url: `${MEDIA_SCHEME}${requiredId(fields, 'MediaId')}`,
            ...(mimeType ? { mimeType } : {}),
          },
        ],
      });
    }
    default:
      // Video, location, link, ...: tell the agent something arrived rather than drop it.
      return publish({
        ...base,
        text: `[unsupported wechat message type: ${msgType}]`,
        attachments: [],
      });
  }
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** How `mapPush` names a voice message's MediaId (not a URL: the media API needs a token). */
const MEDIA_SCHEME = 'wechat-media:';

function unsupported(reason: string): FetchedAttachment {
  return { ok: false, retryable: false, rejection: 'UNSUPPORTED', reason };
}

function mediaFailure(retryable: boolean, reason: string): FetchedAttachment {
  return retryable
    ? { ok: false, retryable: true, reason }
    : { ok: false, retryable: false, rejection: 'UNAVAILABLE', reason };
}

function isErrorAnswer(contentType: string | undefined): boolean {
  return /^(application\/json|text\/plain)\b/i.test(contentType ?? '');
}

// ---------------------------------------------------------------------------------------------
// Outbound

interface ApiAccount {
  base: string;
  appId: string;
  appSecret: string;
}

function apiAccount(channel: ChannelConfig): ApiAccount | string {
  const appId = channel.settings['appId'];
  const appSecret = channel.settings['appSecret'];
  if (!appId || !appSecret) return 'the wechat channel has no settings.appId / settings.appSecret';
  // String concatenation, not new URL(path, base): a base with a path prefix (a proxy) keeps it.
  const base = (channel.callbackUrl || WECHAT_API_BASE).replace(/\/+$/, '');
  return { base, appId, appSecret };
}

/** WeChat's JSON answer: errcode absent or 0 means success. */
interface WeChatAnswer {
  errcode: number;
  errmsg: string;
  body: Record<string, unknown>;
}

type Failure = Extract<SendResult, { ok: false }>;
type Call = { ok: true; answer: WeChatAnswer } | Failure;

/** Codes that mean "this access_token is no longer good": fetch another and try once more. */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
/** -1 is "system busy, try later"; 45009 is the API rate limit. */
const RETRYABLE_ERRCODES = new Set([-1, 45009]);

/** A non-zero errcode for the gateway: 45015 (past the 48-hour window), 40003 (bad openid) ... are final. */
function errcodeFailure(errcode: number, errmsg: string): Failure {
  const unreachable = WECHAT_UNREACHABLE[errcode];
  return {
    ok: false,
    retryable: RETRYABLE_ERRCODES.has(errcode),
    reason: `wechat errcode ${errcode}: ${errmsg}`,
    ...(unreachable ? { unreachable } : {}),
  };
}

/** Errcodes that mean this follower cannot be messaged through the customer-service API now. */
const WECHAT_UNREACHABLE: Record<number, Unreachable> = {
  45015: 'REPLY_WINDOW_CLOSED', // 48 hours since the follower last wrote, or they unfollowed
  40003: 'INVALID_ADDRESS', // not an openid of this account
  43004: 'OPTED_OUT', // the user does not follow the account (any more)
};

export function errcodeResult(errcode: number, errmsg: string): SendResult {
  return errcode === 0 ? { ok: true } : errcodeFailure(errcode, errmsg);
}

function httpFailure(status: number): Failure {
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, retryable, reason: `wechat answered HTTP ${status}` };
}

function toAnswer(text: string): WeChatAnswer | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(body)) return null;
  const errcode = body['errcode'] ?? 0;
  if (typeof errcode !== 'number') return null;
  const errmsg = typeof body['errmsg'] === 'string' ? body['errmsg'] : '';
  return { errcode, errmsg, body };
}

/** One HTTP call to the WeChat API; throws only for network errors and the deadline. */
async function callWeChat(url: URL, init: RequestInit, signal: AbortSignal): Promise<Call> {
  const response = await fetch(url, { ...init, signal });
  const text = await response.text();
  if (!response.ok) return httpFailure(response.status);
  const answer = toAnswer(text);
  // A 200 that is not WeChat's JSON is most likely a proxy in the way: worth another try.
  if (!answer) return { ok: false, retryable: true, reason: 'wechat answered something not JSON' };
  return { ok: true, answer };
}

/** Duck-typed: fetch's errors may come from another realm (undici, a test VM), so no instanceof. */
function errorField(error: unknown, field: 'name' | 'message'): string {
  const value = typeof error === 'object' && error !== null ? Reflect.get(error, field) : undefined;
  return typeof value === 'string' ? value : String(error);
}

function thrownFailure(error: unknown, timeoutMs: number): Failure {
  const reason =
    errorField(error, 'name') === 'TimeoutError'
      ? `wechat did not answer in ${timeoutMs} ms`
      : `wechat unreachable: ${errorField(error, 'message')}`;
  return { ok: false, retryable: true, reason };
}

type TokenOutcome = { ok: true; token: string } | Failure;

interface CachedToken {
  /** Shared by concurrent sends, so a cold start fetches one token, not one per send. */
  outcome: Promise<TokenOutcome>;
  /** When to fetch a new one (ms); Infinity while the fetch is in flight. */
  refreshAt: number;
  token?: string;
}

export class WeChatAdapter implements ChannelAdapter {
  readonly type = 'wechat' as const;

  private readonly maxSkewSeconds: number;
  private readonly clock: () => number;
  /** Per API base and appId. WeChat caps token fetches per day, so never fetch one per send. */
  private readonly tokens = new Map<string, CachedToken>();
  private readonly shared: SharedTokenStore | undefined;

  constructor(options: WeChatAdapterOptions = {}) {
    this.maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
    this.clock = options.clock ?? Date.now;
    this.shared = options.sharedTokens;
  }

  receive(channel: ChannelConfig, request: InboundRequest, now: Date): InboundResult {
    verifyWeChatQuery(
      channel.secret,
      request.query,
      Math.floor(now.getTime() / 1000),
      this.maxSkewSeconds,
    );
    if (request.method === 'GET') {
      // URL verification (接入验证) from the admin console: echo echostr to prove we hold the Token.
      const echostr = request.query['echostr'];
      if (echostr === undefined) throw invalid('A GET needs the echostr query parameter.');
      return { kind: 'respond', reply: { status: 200, contentType: 'text/plain', body: echostr } };
    }
    return mapPush(parsePush(request.rawBody), channel.settings['humanKey'] || DEFAULT_HUMAN_KEY);
  }

  async send(channel: ChannelConfig, reply: OutboundReply, timeoutMs: number): Promise<SendResult> {
    const account = apiAccount(channel);
    if (typeof account === 'string') return { ok: false, retryable: false, reason: account };
    // One deadline for the whole attempt, however many calls (token, send, refresh, resend).
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const first = await this.accessToken(account, signal);
      if (!first.ok) return first;
      const sent = await this.sendText(account, first.token, reply, signal);
      if (!sent.tokenRejected) return sent.result;
      this.forgetToken(account, first.token);
      const second = await this.accessToken(account, signal);
      if (!second.ok) return second;
      const resent = await this.sendText(account, second.token, reply, signal);
      if (!resent.tokenRejected) return resent.result;
      // A brand-new token refused too: a configuration problem that retrying will not fix.
      this.forgetToken(account, second.token);
      return { ...resent.result, retryable: false };
    } catch (error) {
      return thrownFailure(error, timeoutMs);
    }
  }

  private async sendText(
    account: ApiAccount,
    token: string,
    reply: OutboundReply,
    signal: AbortSignal,
  ): Promise<
    { tokenRejected: false; result: SendResult } | { tokenRejected: true; result: Failure }
  > {
    const url = new URL(`${account.base}/cgi-bin/message/custom/send`);
    url.searchParams.set('access_token', token);
    const call = await callWeChat(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        // JSON.stringify keeps Chinese and emoji as UTF-8; WeChat has refused \uXXXX escapes (40033).
        body: JSON.stringify({ touser: reply.to, msgtype: 'text', text: { content: reply.text } }),
      },
      signal,
    );
    if (!call.ok) return { tokenRejected: false, result: call };
    const { errcode, errmsg } = call.answer;
    if (TOKEN_REJECTED.has(errcode))
      return { tokenRejected: true, result: errcodeFailure(errcode, errmsg) };
    return { tokenRejected: false, result: errcodeResult(errcode, errmsg) };
  }

  private accessToken(account: ApiAccount, signal: AbortSignal): Promise<TokenOutcome> {
    const key = `${account.base} ${account.appId}`;
    const cached = this.tokens.get(key);
    if (cached && this.clock() < cached.refreshAt) return cached.outcome;
    // The callbacks run after `entry` below exists: a promise never settles synchronously.
    const pending = this.obtainToken(key, account, signal).then(
      ({ outcome, refreshAt }) => {
        if (outcome.ok) {
          entry.token = outcome.token;
          entry.refreshAt = refreshAt;
        } else if (this.tokens.get(key) === entry) {
          this.tokens.delete(key);
        }
        return outcome;
      },
      (error: unknown) => {
        if (this.tokens.get(key) === entry) this.tokens.delete(key);
        throw error;
      },
    );
    const entry: CachedToken = { outcome: pending, refreshAt: Infinity };
    this.tokens.set(key, entry);
    return pending;
  }

  /** Drops a token WeChat refused, unless another send already replaced it. */
  private forgetToken(account: ApiAccount, token: string): void {
    const key = `${account.base} ${account.appId}`;
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
    void this.shared?.forget(key, token).catch(() => undefined);
  }

  /**
   * The token other instances already hold, or a new one. With a shared store, one instance
   * fetches while the others wait briefly for its result; if the store is unreachable, or the
   * fetching instance takes too long, this one fetches itself (a send must not stall on Redis).
   */
  private async obtainToken(
    key: string,
    account: ApiAccount,
    signal: AbortSignal,
  ): Promise<{ outcome: TokenOutcome; refreshAt: number }> {
    const shared = this.shared;
    const fresh = async (): Promise<SharedToken | null> => {
      const found = await shared!.get(key).catch(() => null);
      return found && this.clock() < found.refreshAt ? found : null;
    };
    let claimed = false;
    if (shared) {
      const known = await fresh();
      if (known) return { outcome: { ok: true, token: known.token }, refreshAt: known.refreshAt };
      claimed = await shared.claimFetch(key, FETCH_CLAIM_MS).catch(() => true);
      if (!claimed) {
        for (let waited = 0; waited < WAIT_FOR_SHARED_MS && !signal.aborted; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const fetched = await fresh();
          if (fetched)
            return { outcome: { ok: true, token: fetched.token }, refreshAt: fetched.refreshAt };
        }
      }
    }
    try {
      const { outcome, expiresInSeconds } = await this.fetchToken(account, signal);
      const refreshAt = this.clock() + expiresInSeconds * 1000 - TOKEN_REFRESH_MARGIN_MS;
      if (outcome.ok && shared)
        await shared.set(key, { token: outcome.token, refreshAt }).catch(() => undefined);
      return { outcome, refreshAt };
    } finally {
      if (claimed) await shared?.releaseFetch(key).catch(() => undefined);
    }
  }

  private async fetchToken(
    account: ApiAccount,
    signal: AbortSignal,
  ): Promise<{ outcome: TokenOutcome; expiresInSeconds: number }> {
    const url = new URL(`${account.base}/cgi-bin/token`);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', account.appId);
    url.searchParams.set('secret', account.appSecret);
    const call = await callWeChat(url, { method: 'GET' }, signal);
    if (!call.ok) return { outcome: call, expiresInSeconds: 0 };
    const { errcode, errmsg, body } = call.answer;
    const token = body['access_token'];
    const expiresIn = body['expires_in'];
    if (errcode !== 0) {
      // 40013 bad appid, 40125 bad appSecret, 40164 our IP not whitelisted: all need a person.
      const failure = errcodeFailure(errcode, errmsg);
      return {
        outcome: { ...failure, reason: `${failure.reason} (fetching the access_token)` },
        expiresInSeconds: 0,
      };
    }
    if (typeof token !== 'string' || !token) {
      return {
        outcome: { ok: false, retryable: true, reason: 'wechat answered without an access_token' },
        expiresInSeconds: 0,
      };
    }
    return {
      outcome: { ok: true, token },
      expiresInSeconds: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 0,
    };
  }

  /**
   * An image's PicUrl is a plain GET on WeChat's CDN. A voice message's MediaId goes through
   * the media API (临时素材, kept 3 days) with the account's access_token; that API answers
   * errors as JSON with HTTP 200, so a JSON answer is never taken for the media itself.
   */
  async fetchAttachment(
    channel: ChannelConfig,
    attachment: InboundAttachment,
    limits: AttachmentFetchLimits,
  ): Promise<FetchedAttachment> {
    const mediaId = attachment.url.startsWith(MEDIA_SCHEME)
      ? attachment.url.slice(MEDIA_SCHEME.length)
      : null;
    if (mediaId === null) {
      if (!/^https?:\/\//i.test(attachment.url) || !URL.canParse(attachment.url))
        return unsupported('the WeChat PicUrl is not an http(s) URL');
      return downloadMedia(attachment.url, {}, limits, 'wechat');
    }
    const account = apiAccount(channel);
    if (typeof account === 'string') return unsupported(account);
    const signal = AbortSignal.timeout(limits.timeoutMs);
    for (let attempt = 0; attempt < 2; attempt++) {
      let token: TokenOutcome;
      try {
        token = await this.accessToken(account, signal);
      } catch (error) {
        return {
          ok: false,
          retryable: true,
          reason: thrownFailure(error, limits.timeoutMs).reason,
        };
      }
      if (!token.ok) return mediaFailure(token.retryable, token.reason);
      const url = new URL(`${account.base}/cgi-bin/media/get`);
      url.searchParams.set('access_token', token.token);
      url.searchParams.set('media_id', mediaId);
      const fetched = await downloadMedia(url.toString(), {}, limits, 'wechat');
      if (!fetched.ok || !isErrorAnswer(fetched.contentType)) return fetched;
      const answer = toAnswer(fetched.bytes.toString('utf8'));
      if (!answer) return { ok: false, retryable: true, reason: 'wechat media answered odd JSON' };
      if (TOKEN_REJECTED.has(answer.errcode) && attempt === 0) {
        this.forgetToken(account, token.token);
        continue;
      }
      // 40007 (invalid media_id: expired after 3 days) and the like will not get better.
      return mediaFailure(
        RETRYABLE_ERRCODES.has(answer.errcode),
        `wechat errcode ${answer.errcode}: ${answer.errmsg} (fetching media)`,
      );
    }
    return mediaFailure(false, 'wechat refused a fresh access_token for the media API');
  }
}
