import { ProblemException } from '@tandem/platform';
import { InboundRejected } from '../channels/adapters/channel-adapter';
import { toSocketError } from './webchat-socket.server';
import { WebchatAdapter } from './webchat.adapter';
import type { WebchatHistory } from './webchat-history';
import { WebchatRooms } from './webchat-rooms';
import type { WebchatUploads } from './webchat-uploads.service';

describe('web chat errors on the socket', () => {
  it.each([
    [
      'a rate limit keeps its Retry-After',
      new ProblemException(429, 'GATEWAY.RATE_LIMITED', 'Too many', {
        headers: { 'Retry-After': '1' },
      }),
      { code: 'GATEWAY.RATE_LIMITED', title: 'Too many', status: 429, retryAfterSeconds: 1 },
    ],
    [
      'a problem without Retry-After has none',
      new ProblemException(400, 'WEBCHAT.INVALID_MESSAGE', 'Invalid payload'),
      { code: 'WEBCHAT.INVALID_MESSAGE', title: 'Invalid payload', status: 400 },
    ],
    [
      'anything else says nothing of its cause',
      new Error('connection string postgres://user:secret@db'),
      { code: 'INTERNAL', title: 'An unexpected error occurred; retry.', status: 500 },
    ],
  ])('%s', (_case, error, expected) => {
    expect(toSocketError(error)).toEqual(expected);
  });
});

describe('the web chat adapter', () => {
  const channel = {
    id: 'c-1',
    tenantId: 't-1',
    type: 'webchat' as const,
    secret: 's',
    callbackUrl: 'https://shop.example.com/',
    settings: {},
  };
  const reply = {
    replyId: 'r-1',
    conversationId: 'conv-1',
    to: 'visitor-1',
    from: { role: 'bot' as const, name: 'Tandem' },
    text: 'Hello',
    sentAt: '2026-11-22T10:00:00.000Z',
  };

  it('refuses webhooks: web chat speaks over the socket', () => {
    const adapter = new WebchatAdapter(
      {} as WebchatHistory,
      new WebchatRooms(),
      {} as WebchatUploads,
    );
    const request = {
      method: 'POST' as const,
      url: '',
      query: {},
      headers: {},
      rawBody: Buffer.alloc(0),
    };
    expect(() => adapter.receive(channel, request, new Date())).toThrow(
      expect.objectContaining({ code: 'WEBCHAT.USE_SOCKET' }) as InboundRejected,
    );
  });

  it('a reply the history could not store is a retryable failure', async () => {
    const failing = { store: () => Promise.reject(new Error('database down')) };
    const adapter = new WebchatAdapter(
      failing as unknown as WebchatHistory,
      new WebchatRooms(),
      {} as WebchatUploads,
    );
    expect(await adapter.send(channel, reply, 1_000)).toEqual({
      ok: false,
      retryable: true,
      reason: 'web chat history: database down',
    });
  });

  it('a stored reply is delivered even with no socket server running (seen on reconnect)', async () => {
    const stored: unknown[] = [];
    const history = { store: (entry: unknown) => (stored.push(entry), Promise.resolve(true)) };
    const adapter = new WebchatAdapter(
      history as unknown as WebchatHistory,
      new WebchatRooms(),
      {} as WebchatUploads,
    );
    expect(await adapter.send(channel, reply, 1_000)).toEqual({ ok: true });
    expect(stored).toEqual([
      expect.objectContaining({ id: 'r-1', role: 'bot', visitorId: 'visitor-1' }),
    ]);
  });
});
