import { randomUUID } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received, as it arrived (also the ones it refused). */
export interface PostmarkRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A message the fake accepted through `POST /email`. */
export interface SentEmail {
  /** The X-Postmark-Server-Token it was sent with. */
  token: string;
  /** The JSON body as sent (From, To, Subject, TextBody, MessageStream, Headers ...). */
  body: Record<string, unknown>;
  /** The MessageID the fake answered with. */
  messageId: string;
}

type Planned = { kind: 'fail'; status: number; body: unknown } | { kind: 'hang' };

/** What Postmark puts in the body for the statuses tests usually ask for. */
function defaultErrorBody(status: number): unknown {
  if (status === 401) return { ErrorCode: 10, Message: 'No valid Server API token was supplied.' };
  if (status === 422) return { ErrorCode: 300, Message: 'Invalid email request' };
  if (status === 429) return { ErrorCode: 429, Message: 'Rate limit exceeded.' };
  return { Message: STATUS_CODES[status] ?? 'Error' };
}

/**
 * A stand-in for Postmark's HTTP API (only `POST /email`, the single-message send) on
 * 127.0.0.1, speaking its wire format: JSON in and out, `X-Postmark-Server-Token`, 401 for a
 * wrong token, 422 with `{ErrorCode, Message}` for a message it will not send, and
 * `{To, SubmittedAt, MessageID, ErrorCode: 0, Message: "OK"}` on success. Tests queue
 * failures with failNext/hangNext and read what was accepted from `sent`.
 */
export class FakePostmarkApi {
  readonly sent: SentEmail[] = [];
  readonly requests: PostmarkRequest[] = [];
  private readonly planned: Planned[] = [];
  private server: Server | null = null;
  private port = 0;

  constructor(readonly serverToken = 'fake-postmark-server-token') {}

  get baseUrl(): string {
    if (!this.server) throw new Error('FakePostmarkApi is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    // Hung requests (hangNext) would otherwise keep close() waiting forever.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next request is answered with this status and body (a default Postmark body if omitted; a string is sent as is). */
  failNext(status: number, body?: unknown): void {
    this.planned.push({ kind: 'fail', status, body: body ?? defaultErrorBody(status) });
  }

  /** The next request is never answered: for timeouts. */
  hangNext(): void {
    this.planned.push({ kind: 'hang' });
  }

  /** Forgets what was sent and what was planned. */
  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.planned.length = 0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    this.requests.push({ method: request.method ?? '', path, headers: request.headers, body });

    const planned = this.planned.shift();
    if (planned?.kind === 'hang') return;
    if (planned) return reply(response, planned.status, planned.body);

    if (request.method !== 'POST' || path !== '/email')
      return reply(response, 404, { Message: `No such endpoint: ${request.method} ${path}` });
    const token = request.headers['x-postmark-server-token'];
    if (token !== this.serverToken)
      return reply(response, 401, {
        ErrorCode: 10,
        Message: 'No valid Server API token was supplied.',
      });
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
      return reply(response, 422, { ErrorCode: 409, Message: 'JSON required.' });

    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return reply(response, 422, { ErrorCode: 402, Message: 'Invalid JSON.' });
    }
    const problem = invalidEmail(message);
    if (problem) return reply(response, 422, { ErrorCode: 300, Message: problem });

    const email = message as Record<string, unknown>;
    const messageId = randomUUID();
    this.sent.push({ token, body: email, messageId });
    reply(response, 200, {
      To: email.To,
      SubmittedAt: new Date().toISOString(),
      MessageID: messageId,
      ErrorCode: 0,
      Message: 'OK',
    });
  }
}

/** Postmark's ErrorCode 300 checks, the ones a client is likely to trip. */
function invalidEmail(message: unknown): string | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return 'The request body must be a JSON object.';
  const email = message as Record<string, unknown>;
  if (typeof email.From !== 'string' || !email.From.includes('@')) return "Invalid 'From' address.";
  if (typeof email.To !== 'string' || !email.To.includes('@')) return 'Zero recipients specified.';
  if (typeof email.TextBody !== 'string' && typeof email.HtmlBody !== 'string')
    return 'Provide either email TextBody or HtmlBody or both.';
  return null;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
  });
  response.end(text);
}
