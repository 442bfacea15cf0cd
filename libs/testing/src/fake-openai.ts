import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  [key: string]: unknown;
}

export type ChatResponder = (
  request: ChatRequest,
) =>
  | { content: string; promptTokens?: number; completionTokens?: number }
  | { status: number; error: string };

export type EmbeddingResponder = (input: string[]) => number[][];

/**
 * A local HTTP server that speaks the OpenAI chat-completions and embeddings wire format,
 * so tests exercise the real `openai` client without reaching the internet.
 */
export class FakeOpenAiServer {
  readonly requests: { path: string; body: unknown; headers: IncomingMessage['headers'] }[] = [];
  private server: Server | null = null;

  constructor(
    private chat: ChatResponder = () => ({ content: 'ok' }),
    private embed: EmbeddingResponder = (input) => input.map(() => [0, 0, 0]),
  ) {}

  /** The base URL to give the openai client, e.g. http://127.0.0.1:12345/v1 */
  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake OpenAI server is not listening');
    return `http://127.0.0.1:${address.port}/v1`;
  }

  respondWith(chat: ChatResponder): void {
    this.chat = chat;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return send(response, 400, {
        error: { message: 'malformed JSON', type: 'invalid_request_error' },
      });
    }
    this.requests.push({ path: request.url ?? '', body, headers: request.headers });
    if (request.method === 'POST' && request.url === '/v1/chat/completions') {
      const chat = body as ChatRequest;
      const answer = this.chat(chat);
      if ('status' in answer)
        return send(response, answer.status, {
          error: { message: answer.error, type: 'server_error' },
        });
      const promptTokens = answer.promptTokens ?? 10;
      const completionTokens = answer.completionTokens ?? 5;
      return send(response, 200, {
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: chat.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.content },
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      });
    }
    if (request.method === 'POST' && request.url === '/v1/embeddings') {
      const {
        input: raw,
        model,
        encoding_format: format,
      } = body as {
        input: string | string[];
        model: string;
        encoding_format?: 'float' | 'base64';
      };
      const input = Array.isArray(raw) ? raw : [raw];
      // The openai client asks for base64 (little-endian float32) by default, as the real API allows.
      const encode = (vector: number[]) =>
        format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector;
      return send(response, 200, {
        object: 'list',
        model,
        data: this.embed(input).map((embedding, index) => ({
          object: 'embedding',
          index,
          embedding: encode(embedding),
        })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      });
    }
    send(response, 404, {
      error: {
        message: `no route ${request.method} ${request.url}`,
        type: 'invalid_request_error',
      },
    });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
