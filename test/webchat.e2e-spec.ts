import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { createEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, stackEnv, uniqueId } from '@tandem/testing';
import { emailSignature } from '../apps/gateway/src/webchat/webchat-session-token';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Session {
  sessionToken: string;
  visitorId: string;
  expiresAt: string;
}
interface HistoryLine {
  id: string;
  role: 'customer' | 'bot' | 'agent';
  text: string;
  action?: string;
  attachments?: { id: string; kind: string; name?: string; mimeType: string; sizeBytes: number }[];
  clientMessageId?: string;
  sentAt: string;
}
interface Upload {
  uploadId: string;
  kind: string;
  name?: string;
  mimeType: string;
  sizeBytes: number;
  code?: string;
}
interface Ack {
  status?: 'accepted' | 'duplicate';
  messageId?: string;
  error?: { code: string; title: string; status: number; retryAfterSeconds?: number };
}

/** A widget as a browser would run it: the socket, and what it has received. */
class Widget {
  readonly socket: Socket;
  readonly history: HistoryLine[][] = [];
  readonly messages: { id: string; role: string; text: string; sentAt: string }[] = [];
  readonly typing: { role: string; isTyping: boolean }[] = [];
  readonly refusals: unknown[] = [];

  constructor(baseUrl: string, token: string) {
    this.socket = io(`${baseUrl}/webchat`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket.on('history', (payload: { messages: HistoryLine[] }) =>
      this.history.push(payload.messages),
    );
    this.socket.on('message', (message: Widget['messages'][number]) => this.messages.push(message));
    this.socket.on('typing', (typing: Widget['typing'][number]) => this.typing.push(typing));
    this.socket.on('connect_error', (error: Error & { data?: unknown }) =>
      this.refusals.push(error.data ?? error.message),
    );
  }

  async connected(): Promise<HistoryLine[]> {
    return eventually(() => {
      expect(this.refusals).toEqual([]);
      expect(this.history).toHaveLength(1);
      return this.history[0]!;
    });
  }

  send(event: 'message' | 'request_human', payload: unknown): Promise<Ack> {
    return this.socket.timeout(20_000).emitWithAck(event, payload) as Promise<Ack>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Resolves with the data of the connect_error the server refuses the handshake with. */
function refusal(baseUrl: string, auth: Record<string, unknown>): Promise<unknown> {
  const socket = io(`${baseUrl}/webchat`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => {
      socket.disconnect();
      reject(new Error('the server accepted the connection'));
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      resolve(error.data);
    });
  });
}

/**
 * The web chat channel through the running gateway (two instances) against real Kafka,
 * Postgres and Redis: a browser widget's session, socket, acks, history, the person button,
 * typing both ways, and identity linking with a signed e-mail.
 */
describe('web chat, end to end', () => {
  // Sessions come faster from the test's one address than from any one visitor's, and one
  // test visitor writes faster than a person: the limits would make the outcomes depend on
  // timing (the shared limiter has its own tests).
  // A small attachment limit, so "too large" is quick to send; the run's own store directory.
  const attachmentDir = join(tmpdir(), uniqueId('webchat-attachments-'));
  const platform = new PlatformUnderTest(
    {
      WEBCHAT_SESSIONS_PER_SECOND_PER_IP: '100',
      WEBCHAT_MESSAGES_PER_SECOND_PER_VISITOR: '1000',
      ATTACHMENT_MAX_BYTES: '65536',
      ATTACHMENT_DIR: attachmentDir,
    },
    ['gateway'],
  );
  const channelSecret = `webchat-secret-${uniqueId()}`;
  let gateway = '';
  let replica = '';
  let channelId = '';
  let admin = '';
  let publisher: EventPublisher;
  const widgets: Widget[] = [];

  function widget(token: string, baseUrl = gateway): Widget {
    const opened = new Widget(baseUrl, token);
    widgets.push(opened);
    return opened;
  }

  async function session(body: Record<string, unknown> = {}, origin?: string) {
    const response = await fetch(`${gateway}/v1/webchat/${channelId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Session & { code?: string },
    };
  }

  async function upload(
    sessionToken: string | null,
    bytes: Buffer,
    type: string,
    options: { name?: string; baseUrl?: string } = {},
  ) {
    const response = await fetch(`${options.baseUrl ?? gateway}/v1/webchat/${channelId}/uploads`, {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {}),
        ...(options.name ? { 'x-file-name': encodeURIComponent(options.name) } : {}),
      },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, body: (await response.json()) as Upload };
  }

  async function download(path: string, bearer: string, baseUrl = gateway) {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  async function botReplies(conversationId: string, inReplyTo: string, text: string) {
    const replyId = randomUUID();
    await publisher.publish([
      createEvent('bot.replied', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        payload: {
          replyId,
          inReplyTo,
          text,
          language: 'en',
          confidence: 0.9,
          sources: [],
          provider: 'local',
          kind: 'answer',
        },
      }),
    ]);
    return replyId;
  }

  beforeAll(async () => {
    await platform.start();
    gateway = platform.url('gateway');
    replica = await platform.startGatewayReplica();
    admin = platform.adminToken();
    publisher = await platform.publisher();
    const created = await platform.call<{ id: string }>('gateway', 'POST', '/v1/channels', admin, {
      type: 'webchat',
      name: 'Shop widget',
      secret: channelSecret,
      callbackUrl: 'https://shop.example.com/',
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
  }, 180_000);

  afterAll(async () => {
    for (const opened of widgets) opened.close();
    await publisher?.disconnect();
    await platform.stop();
    await rm(attachmentDir, { recursive: true, force: true });
  });

  let token = '';
  let visitorId = '';
  let conversationId = '';
  let customerMessageId = '';
  let replyId = '';

  it('a message is acknowledged once on the log, and the bot’s reply arrives on the socket', async () => {
    const created = await session({ name: 'Li Lei' });
    expect(created.status).toBe(201);
    expect(created.body.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.body.expiresAt)).toBeGreaterThan(Date.now());
    token = created.body.sessionToken;
    visitorId = created.body.visitorId;

    const chat = widget(token);
    expect(await chat.connected()).toEqual([]);
    const ack = await chat.send('message', { clientMessageId: 'c-1', text: 'Where is my parcel?' });
    expect(ack).toEqual({ status: 'accepted', messageId: expect.any(String) });
    customerMessageId = ack.messageId!;

    const received = await platform.received({ messageId: customerMessageId });
    expect(received.payload).toMatchObject({
      channel: { id: channelId, type: 'webchat' },
      customer: { displayName: 'Li Lei' },
      text: 'Where is my parcel?',
    });
    conversationId = received.aggregateId;

    replyId = await botReplies(conversationId, customerMessageId, 'It left the warehouse today.');
    // Generous: the gateway's consumer group may be rebalancing (two instances joined).
    await eventually(
      () =>
        expect(chat.messages).toContainEqual({
          id: replyId,
          role: 'bot',
          text: 'It left the warehouse today.',
          sentAt: expect.any(String),
        }),
      { timeoutMs: 90_000 },
    );
    await eventually(() =>
      expect(platform.eventsOf('delivery.succeeded', conversationId)).toHaveLength(1),
    );
  });

  it('a resend after a lost ack is a duplicate: exactly one event', async () => {
    const chat = widget(token);
    await chat.connected();
    const ack = await chat.send('message', { clientMessageId: 'c-1', text: 'Where is my parcel?' });
    expect(ack).toEqual({ status: 'duplicate', messageId: customerMessageId });
    // Another message after it, so "exactly one" is checked once the log has moved on.
    const next = await chat.send('message', { clientMessageId: 'c-2', text: 'Thanks!' });
    await platform.received({ messageId: next.messageId! });
    expect(
      platform
        .eventsOf('message.received')
        .filter((e) => e.payload.messageId === customerMessageId),
    ).toHaveLength(1);
  });

  it('a reconnecting visitor gets their history, oldest first', async () => {
    for (const opened of widgets.splice(0)) opened.close();
    // A returning visitor renews their session and keeps their visitor id.
    const renewed = await session({ sessionToken: token });
    expect(renewed.status).toBe(201);
    expect(renewed.body.visitorId).toBe((await session({ sessionToken: token })).body.visitorId);
    const history = await widget(renewed.body.sessionToken).connected();
    expect(history.map(({ role, text }) => ({ role, text }))).toEqual([
      { role: 'customer', text: 'Where is my parcel?' },
      { role: 'bot', text: 'It left the warehouse today.' },
      { role: 'customer', text: 'Thanks!' },
    ]);
    expect(history[0]).toMatchObject({ id: customerMessageId, clientMessageId: 'c-1' });
    expect(history[1]!.id).toBe(replyId);
  });

  it('the person button publishes human.requested with source button, not a text', async () => {
    const chat = widget(token);
    await chat.connected();
    const ack = await chat.send('request_human', { clientMessageId: 'c-3' });
    expect(ack.status).toBe('accepted');
    const requested = await eventually(() => {
      const event = platform
        .eventsOf('human.requested', conversationId)
        .find((e) => e.payload.messageId === ack.messageId);
      expect(event).toBeDefined();
      return event!;
    });
    expect(requested.payload.source).toBe('button');
    const received = await platform.received({ messageId: ack.messageId! });
    expect(received.payload.text).toBe('');
  });

  it('bad input and bad tokens get stable codes', async () => {
    const chat = widget(token);
    await chat.connected();
    expect((await chat.send('message', { text: 'no id' })).error).toMatchObject({
      code: 'WEBCHAT.INVALID_MESSAGE',
      status: 400,
    });
    expect(
      (await chat.send('message', { clientMessageId: 'c-9', text: 'x'.repeat(4_001) })).error?.code,
    ).toBe('WEBCHAT.INVALID_MESSAGE');

    expect(await refusal(gateway, { token: 'not-a-token' })).toMatchObject({
      code: 'WEBCHAT.INVALID_SESSION',
      status: 401,
    });
    expect(await refusal(gateway, {})).toMatchObject({ code: 'WEBCHAT.INVALID_SESSION' });
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    expect(await refusal(gateway, { token: forged })).toMatchObject({
      code: 'WEBCHAT.INVALID_SESSION',
    });

    expect((await session({ sessionToken: forged })).body.code).toBe('WEBCHAT.INVALID_SESSION');
    expect((await session({ email: 'li@example.com' })).body.code).toBe('REQUEST.INVALID_BODY');
    expect(
      (await session({ email: 'li@example.com', emailSignature: 'a'.repeat(64) })).body.code,
    ).toBe('WEBCHAT.BAD_EMAIL_SIGNATURE');
    const unknown = await fetch(`${gateway}/v1/webchat/${randomUUID()}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('GATEWAY.UNKNOWN_CHANNEL');

    const webhook = await fetch(`${gateway}/v1/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await webhook.json()) as { code: string }).code).toBe('WEBCHAT.USE_SOCKET');
  });

  it('a channel with allowed origins refuses other pages', async () => {
    const created = await platform.call<{ id: string }>('gateway', 'POST', '/v1/channels', admin, {
      type: 'webchat',
      name: 'Locked widget',
      secret: channelSecret,
      callbackUrl: 'https://shop.example.com/',
      settings: { allowedOrigins: 'https://shop.example.com' },
    });
    const post = (origin: string) =>
      fetch(`${gateway}/v1/webchat/${created.body.id}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: '{}',
      });
    const allowed = await post('https://shop.example.com');
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    // Problems are readable by the page too (CORS on errors).
    const invalid = await fetch(`${gateway}/v1/webchat/${created.body.id}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example.com' },
      body: JSON.stringify({ name: 42 }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const preflight = await fetch(`${gateway}/v1/webchat/${created.body.id}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const refused = await post('https://evil.example');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('WEBCHAT.ORIGIN_NOT_ALLOWED');
  });

  it('an agent typing reaches the visitor’s socket on another gateway instance', async () => {
    const chat = widget(token, replica);
    await chat.connected();
    const typing = await platform.call(
      'gateway',
      'POST',
      `/v1/conversations/${conversationId}/typing`,
      admin,
      { isTyping: true },
    );
    expect(typing.status).toBe(204);
    await eventually(() => expect(chat.typing).toContainEqual({ role: 'agent', isTyping: true }));
  });

  it('visitor typing is published on Redis pub/sub with the open conversation', async () => {
    const subscriber = new Redis(stackEnv().REDIS_URL);
    const signals: { visitorId: string; conversationId: string | null; isTyping: boolean }[] = [];
    try {
      subscriber.on('message', (_channel: string, message: string) =>
        signals.push(JSON.parse(message) as (typeof signals)[number]),
      );
      await subscriber.subscribe(`${platform.topicPrefix}:gateway:webchat:typing`);
      const chat = widget(token);
      await chat.connected();
      chat.socket.emit('typing', { isTyping: true });
      await eventually(() =>
        expect(signals).toContainEqual(expect.objectContaining({ conversationId, isTyping: true })),
      );
    } finally {
      subscriber.disconnect();
    }
  });

  // A PNG's signature and some bytes that are not text (so nothing could have re-encoded them).
  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from([0, 255, 1, 254]),
  ]);
  let attachmentId = '';
  let attachedMessageId = '';

  it('an uploaded image sent in a message is stored under the customer and downloadable', async () => {
    const uploaded = await upload(token, png, 'image/png', { name: '收据 photo.png' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'image',
      name: '收据 photo.png',
      mimeType: 'image/png',
      sizeBytes: png.length,
    });

    // The socket on the other instance: the staged bytes are found wherever the upload landed.
    const chat = widget(token, replica);
    await chat.connected();
    const ack = await chat.send('message', {
      clientMessageId: 'c-10',
      text: 'Here is the receipt',
      attachments: [{ uploadId: uploaded.body.uploadId }],
    });
    expect(ack).toEqual({ status: 'accepted', messageId: expect.any(String) });
    attachedMessageId = ack.messageId!;
    const received = await platform.received({ messageId: attachedMessageId });
    expect(received.payload.attachments).toEqual([
      {
        status: 'stored',
        id: expect.any(String),
        kind: 'image',
        name: '收据 photo.png',
        mimeType: 'image/png',
        sizeBytes: png.length,
      },
    ]);
    const stored = received.payload.attachments[0]!;
    attachmentId = stored.status === 'stored' ? stored.id : '';

    const byAgent = await download(`/v1/attachments/${attachmentId}`, admin);
    expect(byAgent).toMatchObject({ status: 200, type: 'image/png' });
    expect(byAgent.bytes.equals(png)).toBe(true);
    const byVisitor = await download(
      `/v1/webchat/${channelId}/attachments/${attachmentId}`,
      token,
      replica,
    );
    expect(byVisitor.status).toBe(200);
    expect(byVisitor.bytes.equals(png)).toBe(true);

    // Sent: the staged copy is gone (the customer's copy is the one downloaded above).
    expect(
      existsSync(
        join(
          attachmentDir,
          platform.tenantId,
          'webchat-uploads',
          channelId,
          visitorId,
          uploaded.body.uploadId,
        ),
      ),
    ).toBe(false);
    // A resend after a lost ack is a duplicate although the staged object is gone by now...
    const resent = await chat.send('message', {
      clientMessageId: 'c-10',
      text: 'Here is the receipt',
      attachments: [{ uploadId: uploaded.body.uploadId }],
    });
    expect(resent).toEqual({ status: 'duplicate', messageId: attachedMessageId });
    // ...but another message cannot send the same upload again.
    const again = await chat.send('message', {
      clientMessageId: 'c-11',
      text: 'And again',
      attachments: [{ uploadId: uploaded.body.uploadId }],
    });
    expect(again.error).toMatchObject({ code: 'WEBCHAT.UNKNOWN_UPLOAD', status: 404 });
  });

  it('uploads over the size limit, of a refused type, or without a session are refused', async () => {
    const large = await upload(token, Buffer.alloc(65_537, 1), 'image/png');
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('GATEWAY.ATTACHMENT_TOO_LARGE');
    const executable = await upload(token, Buffer.from('MZ\u0090'), 'application/x-msdownload');
    expect(executable.status).toBe(415);
    expect(executable.body.code).toBe('GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED');
    // A JSON file is a file like any other: read as bytes (then judged by type), never parsed.
    const json = await upload(token, Buffer.from('{not json'), 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED');
    const preflight = await fetch(`${gateway}/v1/webchat/${channelId}/uploads`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-file-name',
    );
    const anonymous = await upload(null, png, 'image/png');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('WEBCHAT.INVALID_SESSION');
  });

  it('another visitor’s upload cannot be attached, nor their attachment downloaded', async () => {
    const other = await session();
    const theirs = await upload(other.body.sessionToken, png, 'image/png');
    expect(theirs.status).toBe(201);

    const chat = widget(token);
    await chat.connected();
    const refused = await chat.send('message', {
      clientMessageId: 'c-12',
      text: 'Look at this',
      attachments: [{ uploadId: theirs.body.uploadId }],
    });
    expect(refused.error).toMatchObject({ code: 'WEBCHAT.UNKNOWN_UPLOAD', status: 404 });
    // No event: checked once a later message of the visitor is on the log.
    const next = await chat.send('message', { clientMessageId: 'c-13', text: 'Never mind' });
    await platform.received({ messageId: next.messageId! });
    expect(
      platform
        .eventsOf('message.received')
        .filter((event) => event.payload.channelMessageId === `${visitorId}:c-12`),
    ).toEqual([]);

    const notTheirs = await download(
      `/v1/webchat/${channelId}/attachments/${attachmentId}`,
      other.body.sessionToken,
    );
    expect(notTheirs.status).toBe(404);
  });

  it('the history after reconnecting shows the attachment', async () => {
    for (const opened of widgets.splice(0)) opened.close();
    const history = await widget(token).connected();
    expect(history.find((line) => line.id === attachedMessageId)).toMatchObject({
      role: 'customer',
      text: 'Here is the receipt',
      attachments: [
        {
          id: attachmentId,
          kind: 'image',
          name: '收据 photo.png',
          mimeType: 'image/png',
          sizeBytes: png.length,
        },
      ],
    });
  });

  it('a signed e-mail links the visitor to the customer known on another channel', async () => {
    const email = `${uniqueId('li-')}@example.com`;
    const elsewhere = await platform.verifiedCustomerSays(
      { id: uniqueId('app-user-'), verifiedEmail: email },
      'Hello from the app',
    );
    const known = await platform.received({ messageId: elsewhere.messageId });

    const signed = await session({ email, emailSignature: emailSignature(channelSecret, email) });
    expect(signed.status).toBe(201);
    const chat = widget(signed.body.sessionToken);
    await chat.connected();
    const ack = await chat.send('message', { clientMessageId: 'c-1', text: 'Hello from the site' });
    const received = await platform.received({ messageId: ack.messageId! });
    expect(received.payload.customer.id).toBe(known.payload.customer.id);

    // Without the signature nothing links: a new visitor is a new customer.
    const anonymous = widget((await session()).body.sessionToken);
    await anonymous.connected();
    const other = await anonymous.send('message', { clientMessageId: 'c-1', text: 'Hi' });
    expect((await platform.received({ messageId: other.messageId! })).payload.customer.id).not.toBe(
      known.payload.customer.id,
    );
  });

  it('erasing the visitor’s customer empties their history, attachments and uploads', async () => {
    for (const opened of widgets.splice(0)) opened.close();
    const unsent = await upload(token, png, 'image/png');
    expect(unsent.status).toBe(201);
    const staged = join(attachmentDir, platform.tenantId, 'webchat-uploads', channelId, visitorId);
    expect(existsSync(join(staged, unsent.body.uploadId))).toBe(true);
    const received = await platform.received({ messageId: customerMessageId });
    const erased = await platform.call(
      'gateway',
      'POST',
      `/v1/customers/${received.payload.customer.id}/erasure`,
      admin,
    );
    expect(erased.status).toBe(200);
    const renewed = await session({ sessionToken: token });
    expect(await widget(renewed.body.sessionToken).connected()).toEqual([]);
    // Their attachments go too, and what they uploaded but never sent.
    expect((await download(`/v1/attachments/${attachmentId}`, admin)).status).toBe(404);
    expect(existsSync(staged)).toBe(false);
  });
});
