import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  signTwilioRequest,
  TWILIO_SIGNATURE_HEADER,
} from '../../apps/gateway/src/channels/adapters/twilio-sms.adapter';

/**
 * A stand-in for Twilio's REST API (Messages.json only) on 127.0.0.1, speaking its wire
 * format: form-encoded requests with HTTP Basic auth, 201 with the Message resource as JSON,
 * errors as `{ code, message, more_info, status }`. It also builds signed inbound webhooks,
 * so a test can play Twilio in both directions with one account.
 */

/** A message the fake accepted (answered 201). */
export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  /** The Authorization header exactly as received. */
  authorization: string | undefined;
  contentType: string | undefined;
  /** The request body exactly as received. */
  rawBody: string;
  /** The decoded form: To, From, Body, ... */
  form: Record<string, string>;
}

/** Every request, accepted or not: to count retries. */
export interface FakeTwilioRequest {
  method: string;
  path: string;
  status: number | 'hang';
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

type Planned = { kind: 'fail'; status: number; body: string } | { kind: 'hang' };

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY_CHARACTERS = 1600;

/** What Twilio answers for a status when a test does not say. */
const DEFAULT_ERRORS: Record<number, { code: number; message: string }> = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  401: { code: 20003, message: 'Authenticate' },
  404: { code: 20404, message: 'The requested resource was not found' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function randomSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function credentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Twilio's own checks on a new message, in the order it reports them. */
function validationError(form: Record<string, string>): TwilioErrorBody | null {
  if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!form.From) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!form.Body && !form.MediaUrl) return twilioError(400, 21602, 'Message body is required.');
  if (!E164.test(form.To))
    return twilioError(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
  if ([...(form.Body ?? '')].length > MAX_BODY_CHARACTERS)
    return twilioError(
      400,
      21617,
      'The concatenated message body exceeds the 1600 character limit.',
    );
  return null;
}

/**
 * Roughly how Twilio bills a body: 160 GSM-7 characters in one SMS, 153 per part when split;
 * any character outside GSM-7 (approximated as outside printable ASCII) makes it UCS-2, 70 and 67.
 */
function segmentCount(body: string): number {
  const length = [...body].length;
  const [single, part] = /^[\x20-\x7e\n\r]*$/.test(body) ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / part);
}

export class FakeTwilioApi {
  readonly sent: FakeTwilioMessage[] = [];
  readonly requests: FakeTwilioRequest[] = [];
  private readonly planned: Planned[] = [];
  /** MMS media by path; failures queued for media requests. */
  private readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  private readonly plannedMedia: number[] = [];
  /** Every media request: to count the gateway's downloads. */
  readonly mediaRequests: { path: string; status: number }[] = [];
  private server: Server | null = null;

  constructor(
    readonly accountSid: string = randomSid('AC'),
    readonly authToken: string = randomBytes(16).toString('hex'),
  ) {}

  get baseUrl(): string {
    if (!this.server) throw new Error('FakeTwilioApi is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        sendJson(response, 500, twilioError(500, 20500, String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    // Hanging requests would otherwise keep close() waiting forever.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The next Messages request is answered with this status and body instead of being
   * processed; by default the body is the error Twilio sends for that status.
   */
  failNext(status: number, body?: TwilioErrorBody | string): void {
    const known = DEFAULT_ERRORS[status] ?? { code: status * 100, message: `HTTP ${status}` };
    const payload = body ?? twilioError(status, known.code, known.message);
    this.planned.push({
      kind: 'fail',
      status,
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  }

  /**
   * Media a customer sent by MMS: the MediaUrl a webhook carries. Served, as by Twilio when
   * media authentication is on, only with the account's Basic credentials.
   */
  addMedia(messageSid: string, bytes: Buffer, contentType: string): string {
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages/${messageSid}/Media/${randomSid('ME')}`;
    this.media.set(path, { bytes, contentType });
    return `${this.baseUrl}${path}`;
  }

  /** The next media request is answered with this status (500: Twilio having a bad moment). */
  failMediaNext(status: number): void {
    this.plannedMedia.push(status);
  }

  /** The next Messages request is never answered: the sender's timeout must fire. */
  hangNext(): void {
    this.planned.push({ kind: 'hang' });
  }

  /**
   * An inbound SMS webhook as Twilio would POST it to `url`, signed with this account's auth
   * token: the headers and form body to send.
   */
  inboundWebhook(
    url: string,
    params: Record<string, string>,
  ): { headers: Record<string, string>; body: string } {
    const form = { AccountSid: this.accountSid, ApiVersion: '2010-04-01', ...params };
    return {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        [TWILIO_SIGNATURE_HEADER]: signTwilioRequest(this.authToken, url, form),
      },
      body: new URLSearchParams(form).toString(),
    };
  }

  private record(request: IncomingMessage, status: number | 'hang'): void {
    this.requests.push({ method: request.method ?? '', path: request.url ?? '', status });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const path = (request.url ?? '').split('?')[0]!;
    const media = request.method === 'GET' ? this.media.get(path) : undefined;
    if (media) {
      const failure = this.plannedMedia.shift();
      const auth = credentials(request.headers.authorization);
      const status =
        failure ?? (auth?.user === this.accountSid && auth.password === this.authToken ? 200 : 401);
      this.mediaRequests.push({ path, status });
      if (status !== 200) {
        sendJson(response, status, twilioError(status, status === 401 ? 20003 : 20500, 'media'));
        return;
      }
      response.writeHead(200, {
        'content-type': media.contentType,
        'content-length': String(media.bytes.length),
      });
      response.end(media.bytes);
      return;
    }
    const pathSid = MESSAGES_PATH.exec(path)?.[1];
    if (request.method !== 'POST' || pathSid === undefined) {
      this.record(request, 404);
      sendJson(
        response,
        404,
        twilioError(404, 20404, `The requested resource ${path} was not found`),
      );
      return;
    }
    const planned = this.planned.shift();
    if (planned?.kind === 'hang') {
      this.record(request, 'hang');
      return;
    }
    if (planned) {
      this.record(request, planned.status);
      sendJson(response, planned.status, planned.body);
      return;
    }
    const auth = credentials(request.headers.authorization);
    if (
      !auth ||
      auth.user !== this.accountSid ||
      auth.password !== this.authToken ||
      decodeURIComponent(pathSid) !== this.accountSid
    ) {
      this.record(request, 401);
      sendJson(response, 401, twilioError(401, 20003, 'Authenticate'));
      return;
    }
    // Twilio reads only form bodies; JSON leaves every parameter missing.
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(
      request.headers['content-type'] ?? '',
    );
    const form = isForm ? Object.fromEntries(new URLSearchParams(rawBody)) : {};
    const invalid = validationError(form);
    if (invalid) {
      this.record(request, invalid.status);
      sendJson(response, invalid.status, invalid);
      return;
    }
    const sid = randomSid('SM');
    this.sent.push({
      sid,
      accountSid: this.accountSid,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      rawBody,
      form,
    });
    this.record(request, 201);
    sendJson(response, 201, this.messageResource(sid, form));
  }

  private messageResource(sid: string, form: Record<string, string>): Record<string, unknown> {
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}`;
    const body = form.Body ?? '';
    return {
      sid,
      account_sid: this.accountSid,
      to: form.To,
      from: form.From,
      messaging_service_sid: null,
      body,
      status: 'queued',
      num_segments: String(segmentCount(body)),
      num_media: '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri: `${uri}.json`,
      subresource_uris: { media: `${uri}/Media.json` },
    };
  }
}
