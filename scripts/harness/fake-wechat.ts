import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the two WeChat Official Account API calls the gateway makes, speaking the real
 * wire format: `GET /cgi-bin/token` (access_token for appid + secret) and
 * `POST /cgi-bin/message/custom/send?access_token=...` (a customer-service message). Like the
 * real API it answers HTTP 200 with `{"errcode":N,"errmsg":"..."}` on failure, and it really
 * checks the appid/secret and the access_token, so a client that skips or mangles the token
 * fails here as it would against WeChat.
 */

/** A customer-service message WeChat accepted (what the customer would see). */
export interface SentCustomMessage {
  accessToken: string;
  /** The JSON body as parsed. */
  body: unknown;
  /** The body exactly as received: to check encoding (UTF-8, no \uXXXX escapes). */
  raw: string;
}

/**
 * What the next call answers instead of the normal behaviour. A number is an HTTP status when
 * 100-599, otherwise a WeChat errcode (WeChat's are -1 or 40000 and up, so they never clash).
 */
export type FakeWeChatFailure =
  | number
  | { status: number }
  | { errcode: number; errmsg?: string }
  /** Read the request, never answer: for client timeouts. */
  | { hang: true };

type Endpoint = 'token' | 'send' | 'media';

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40007: 'invalid media_id',
  40013: 'invalid appid',
  42001: 'access_token expired',
  44004: 'empty content',
  45009: 'reach max api daily quota limit',
  45015: 'response out of time limit or subscription is canceled',
  47001: 'data format error',
};

function errmsgFor(errcode: number): string {
  return ERRMSG[errcode] ?? 'fake wechat error';
}

type Failure =
  | { kind: 'status'; status: number }
  | { kind: 'errcode'; errcode: number; errmsg: string }
  | { kind: 'hang' };

function normaliseFailure(failure: FakeWeChatFailure): Failure {
  if (typeof failure === 'number') {
    return failure >= 100 && failure < 600
      ? { kind: 'status', status: failure }
      : { kind: 'errcode', errcode: failure, errmsg: errmsgFor(failure) };
  }
  if ('hang' in failure) return { kind: 'hang' };
  if ('status' in failure) return { kind: 'status', status: failure.status };
  return {
    kind: 'errcode',
    errcode: failure.errcode,
    errmsg: failure.errmsg ?? errmsgFor(failure.errcode),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export class FakeWeChatApi {
  readonly sent: SentCustomMessage[] = [];
  /** Every GET /cgi-bin/token, failed ones included. */
  tokenRequests = 0;
  /** Every POST /cgi-bin/message/custom/send, failed ones included. */
  sendRequests = 0;
  private server: Server | null = null;
  private port = 0;
  /** Every GET /cgi-bin/media/get and every picture download, failed ones included. */
  mediaRequests = 0;
  private readonly failures: Record<Endpoint, FakeWeChatFailure[]> = {
    token: [],
    send: [],
    media: [],
  };
  /** Temporary media (临时素材) by MediaId, and pictures on the CDN by path. */
  private readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  /** Issued tokens and whether they still work ('expired' answers 42001). */
  private readonly tokens = new Map<string, 'valid' | 'expired'>();

  constructor(
    readonly appId = 'wx-fake-app-id',
    readonly appSecret = 'fake-app-secret',
    /** What the token endpoint says as expires_in (WeChat: 7200). */
    readonly expiresInSeconds = 7200,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues a failure for the next call to `endpoint` (the send API unless told otherwise). */
  failNext(failure: FakeWeChatFailure, endpoint: Endpoint = 'send'): void {
    this.failures[endpoint].push(failure);
  }

  /** Media the customer sent (a voice message): fetched by MediaId through the media API. */
  addMedia(mediaId: string, bytes: Buffer, contentType: string): void {
    this.media.set(`media:${mediaId}`, { bytes, contentType });
  }

  /** A picture on WeChat's CDN, as a push's PicUrl names it (a plain GET, no token). */
  addPicture(name: string, bytes: Buffer, contentType = 'image/jpeg'): string {
    this.media.set(`/mmbiz_jpg/${name}`, { bytes, contentType });
    return `${this.baseUrl}/mmbiz_jpg/${name}`;
  }

  /** Every token issued so far now answers 42001, as after WeChat's 2 hours. */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 'expired');
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    // Hanging requests keep their sockets open; close them or close() never returns.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const body = await readBody(request);
    if (request.method === 'GET' && url.pathname === '/cgi-bin/token') {
      this.tokenRequests += 1;
      if (this.answerFailure('token', response)) return;
      this.token(url.searchParams, response);
      return;
    }
    if (request.method === 'POST' && url.pathname === '/cgi-bin/message/custom/send') {
      this.sendRequests += 1;
      if (this.answerFailure('send', response)) return;
      this.customSend(url.searchParams.get('access_token') ?? '', body, response);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/cgi-bin/media/get') {
      this.mediaRequests += 1;
      if (this.answerFailure('media', response)) return;
      const state = this.tokens.get(url.searchParams.get('access_token') ?? '');
      if (state === undefined) return this.error(response, 40001);
      if (state === 'expired') return this.error(response, 42001);
      const mediaId = url.searchParams.get('media_id') ?? '';
      const media = this.media.get(`media:${mediaId}`);
      if (!media) return this.error(response, 40007);
      response.writeHead(200, {
        'content-type': media.contentType,
        'content-disposition': `attachment; filename="${mediaId}.amr"`,
        'content-length': String(media.bytes.length),
      });
      response.end(media.bytes);
      return;
    }
    const picture = request.method === 'GET' ? this.media.get(url.pathname) : undefined;
    if (picture) {
      this.mediaRequests += 1;
      if (this.answerFailure('media', response)) return;
      response.writeHead(200, { 'content-type': picture.contentType });
      response.end(picture.bytes);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  /** True when a queued failure answered (or swallowed) the request. */
  private answerFailure(endpoint: Endpoint, response: ServerResponse): boolean {
    const queued = this.failures[endpoint].shift();
    if (queued === undefined) return false;
    const failure = normaliseFailure(queued);
    if (failure.kind === 'status') {
      // Gateways in front of WeChat answer errors with HTML, not WeChat's JSON.
      response
        .writeHead(failure.status, { 'content-type': 'text/html' })
        .end(`<html>${failure.status}</html>`);
    } else if (failure.kind === 'errcode') {
      this.json(response, { errcode: failure.errcode, errmsg: failure.errmsg });
    }
    return true;
  }

  private token(params: URLSearchParams, response: ServerResponse): void {
    if (params.get('grant_type') !== 'client_credential') {
      this.json(response, { errcode: 40002, errmsg: 'invalid grant_type' });
    } else if (params.get('appid') !== this.appId) {
      this.json(response, { errcode: 40013, errmsg: errmsgFor(40013) });
    } else if (params.get('secret') !== this.appSecret) {
      this.json(response, { errcode: 40001, errmsg: 'invalid credential, invalid appsecret' });
    } else {
      const token = `FAKE_TOKEN_${this.tokens.size + 1}_${randomBytes(8).toString('hex')}`;
      this.tokens.set(token, 'valid');
      this.json(response, { access_token: token, expires_in: this.expiresInSeconds });
    }
  }

  private customSend(accessToken: string, raw: string, response: ServerResponse): void {
    const state = this.tokens.get(accessToken);
    if (state === undefined) return this.error(response, 40001);
    if (state === 'expired') return this.error(response, 42001);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.error(response, 47001);
    }
    if (!isRecord(body) || typeof body['touser'] !== 'string' || !body['touser'])
      return this.error(response, 40003);
    const text = body['text'];
    if (body['msgtype'] === 'text' && (!isRecord(text) || !text['content']))
      return this.error(response, 44004);
    this.sent.push({ accessToken, body, raw });
    this.json(response, { errcode: 0, errmsg: 'ok' });
  }

  private error(response: ServerResponse, errcode: number): void {
    this.json(response, { errcode, errmsg: errmsgFor(errcode) });
  }

  private json(response: ServerResponse, body: Record<string, unknown>): void {
    // WeChat's own (non-standard) content type.
    response
      .writeHead(200, { 'content-type': 'application/json; encoding=utf-8' })
      .end(JSON.stringify(body));
  }
}
