import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { DeskSocket, deskRefusal } from '../scripts/harness/desk-socket';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * The desk's realtime API with two desk instances (one Redis adapter, one relay consumer
 * group) against the real Kafka, Postgres and Redis, and the real gateway (it holds the
 * customers' keys and delivers the agent's replies): offers, assignment, messages to
 * watchers, delivery, queue figures, presence from the connection, refused handshakes.
 */
describe('the desk’s realtime API, two instances', () => {
  const platform = new PlatformUnderTest(
    {
      REALTIME_SWEEP_MS: '200',
      REALTIME_INSTANCE_TTL_MS: '3000',
      REALTIME_QUEUE_COALESCE_MS: '100',
      // Offers must not expire by themselves while a test looks at them.
      OFFER_TIMEOUT_SECONDS: '300',
    },
    ['gateway', 'agent-desk'],
  );
  const graceSeconds = 2;
  let replica = '';
  let publisher: EventPublisher;
  const sockets: DeskSocket[] = [];
  let alice = '';
  let aliceId = '';
  let bob = '';
  let bobId = '';
  let supervisor = '';
  const desk = (): string => platform.url('agent-desk');

  function connect(baseUrl: string, token: string): DeskSocket {
    const socket = new DeskSocket(baseUrl, token);
    sockets.push(socket);
    return socket;
  }

  async function agentId(token: string): Promise<string> {
    return (await platform.call<{ id: string }>('agent-desk', 'GET', '/v1/agents/me', token)).body
      .id;
  }

  /** A customer writes on the generic channel; the router's escalation is put on the log as it would. */
  async function escalatedConversation(
    displayName: string,
  ): Promise<{ conversationId: string; customer: string }> {
    const customer = uniqueId('customer-');
    const response = await platform.customerSays(customer, 'My parcel never came');
    const { conversationId, messageId } = (await response.json()) as {
      conversationId: string;
      messageId: string;
    };
    const received = await platform.received({ messageId });
    await publisher.publish([
      createEvent('escalation.decided', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId: received.customerId ?? null,
        payload: {
          decisionId: randomUUID(),
          triggeredBy: messageId,
          reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked for a person' }],
          priority: 'high',
          skills: ['lang:en'],
          queue: 'returns',
          policyVersion: 1,
          handoff: {
            summary: 'A parcel that never came.',
            transcript: [],
            customerId: received.payload.customer.id,
            channel: { id: platform.channelId, type: 'generic' },
            lastSentiment: null,
            language: 'en',
            customer: { tier: 'standard', displayName, conversations: [] },
          },
        },
      }),
    ]);
    return { conversationId, customer };
  }

  async function presence(token: string, status: 'online' | 'away' | 'offline'): Promise<void> {
    const answer = await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', token, {
      status,
    });
    expect(answer.status).toBe(200);
  }

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
    const settings = await platform.call(
      'agent-desk',
      'PUT',
      '/v1/settings',
      platform.adminToken(),
      {
        presenceGraceSeconds: graceSeconds,
      },
    );
    expect(settings.status).toBe(200);
    replica = await platform.startReplica('agent-desk');
    alice = await platform.login('alice@demo.test');
    bob = await platform.login('bob@demo.test');
    supervisor = await platform.login('sam@demo.test');
    aliceId = await agentId(alice);
    bobId = await agentId(bob);
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await publisher?.disconnect();
    await platform.stop();
  });

  it('refuses a missing, bad or expired token, and a token of no agent, with stable codes', async () => {
    expect(await deskRefusal(desk(), {})).toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
      status: 401,
    });
    expect(await deskRefusal(replica, { token: 'not-a-token' })).toMatchObject({
      code: 'AUTH.INVALID_TOKEN',
      status: 401,
    });
    const expired = jwt.sign(
      {
        sub: aliceId,
        tid: platform.tenantId,
        role: 'agent',
        kind: 'user',
        typ: 'access',
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      platform.jwtSecret,
      { algorithm: 'HS256', issuer: 'tandem' },
    );
    const refused = await deskRefusal(desk(), { token: expired });
    expect(refused).toMatchObject({ code: 'AUTH.INVALID_TOKEN', status: 401 });
    expect(refused.title).toContain('expired');
    // Well signed, but nobody of the tenant.
    expect(await deskRefusal(desk(), { token: platform.tokenAs('agent') })).toMatchObject({
      code: 'DESK.NOT_AN_AGENT',
      status: 403,
    });
  });

  let conversationId = '';
  let customer = '';
  let aliceSocket: DeskSocket;
  let bobOnReplica: DeskSocket;
  let supervisorSocket: DeskSocket;

  it('an offer made through one instance reaches the agent’s socket on the other, with what they need to decide', async () => {
    aliceSocket = connect(replica, alice);
    supervisorSocket = connect(desk(), supervisor);
    expect(await aliceSocket.ready()).toMatchObject({
      agentId: aliceId,
      role: 'agent',
      presenceGraceSeconds: graceSeconds,
    });
    expect(await supervisorSocket.ready()).toMatchObject({ role: 'supervisor' });

    ({ conversationId, customer } = await escalatedConversation('Ada Lovelace'));
    // Everyone of the tenant sees the queue grow.
    await supervisorSocket.waitFor(
      'queue',
      (event) => event.queue === 'returns' && event.waiting === 1,
    );
    await aliceSocket.waitFor('queue', (event) => event.queue === 'returns');

    // Online through the first instance: the dispatch there makes the offer.
    await presence(alice, 'online');
    const offer = await aliceSocket.waitFor(
      'offer',
      (event) => event.conversationId === conversationId,
    );
    expect(offer).toEqual({
      type: 'offer',
      at: expect.any(String),
      eventId: expect.any(String),
      offerId: expect.any(String),
      conversationId,
      expiresAt: expect.any(String),
      queue: 'returns',
      priority: 'high',
      reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked for a person' }],
      language: 'en',
      channelType: 'generic',
      customerDisplayName: 'Ada Lovelace',
      queuedAt: expect.any(String),
    });
    // Offers are the agent's alone.
    expect(supervisorSocket.events('offer')).toEqual([]);

    const accepted = await platform.call(
      'agent-desk',
      'POST',
      `/v1/offers/${offer.offerId}/accept`,
      alice,
    );
    expect(accepted.status).toBe(200);
    expect(
      await aliceSocket.waitFor(
        'conversation.assigned',
        (event) => event.conversationId === conversationId,
      ),
    ).toMatchObject({ agentId: aliceId, offerId: offer.offerId });
    await supervisorSocket.waitFor(
      'queue',
      (event) =>
        event.queue === 'returns' && event.waiting === 0 && event.longestWaitSeconds === null,
    );
  });

  it('messages and deliveries reach the assigned agent and the watchers; only they may watch', async () => {
    const bobSocket = connect(desk(), bob);
    await bobSocket.ready();
    expect(await bobSocket.watch(conversationId)).toEqual({
      error: expect.objectContaining({ code: 'DESK.CONVERSATION_NOT_FOUND', status: 404 }),
    });
    expect(await supervisorSocket.watch('')).toEqual({
      error: expect.objectContaining({ code: 'DESK.INVALID_WATCH', status: 400 }),
    });
    expect(await supervisorSocket.watch(conversationId)).toEqual({
      type: 'watch',
      at: expect.any(String),
      conversationId,
      watching: true,
    });

    // The customer writes again: the gateway seals the text on the log, the relay opens it.
    expect((await platform.customerSays(customer, 'Still nothing today')).status).toBe(202);
    for (const socket of [aliceSocket, supervisorSocket])
      expect(
        await socket.waitFor('message', (event) => event.conversationId === conversationId),
      ).toMatchObject({ role: 'customer', text: 'Still nothing today', agentId: null });

    const reply = await platform.call<{ replyId: string }>(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      alice,
      { text: 'I am sending a new one now.' },
    );
    expect(reply.status).toBe(202);
    const { replyId } = reply.body;
    for (const socket of [aliceSocket, supervisorSocket]) {
      expect(await socket.waitFor('message', (event) => event.messageId === replyId)).toMatchObject(
        { role: 'agent', agentId: aliceId, text: 'I am sending a new one now.' },
      );
      expect(await socket.waitFor('delivery', (event) => event.replyId === replyId)).toMatchObject({
        conversationId,
        status: 'delivered',
        attempts: 1,
        reason: null,
      });
    }
    // Assist suggestions are for the assigned agent alone, not for watchers.
    const suggestedFor = uniqueId('m-');
    await publisher.publish([
      createEvent('assist.suggested', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        payload: {
          messageId: suggestedFor,
          articles: [
            { articleId: 'a-1', title: 'Lost parcels', score: 0.9, matchedQuestion: null },
          ],
          draftReply: 'We will send a new parcel today.',
        },
      }),
    ]);
    expect(
      await aliceSocket.waitFor('assist', (event) => event.messageId === suggestedFor),
    ).toMatchObject({ conversationId, draftReply: 'We will send a new parcel today.' });
    expect(supervisorSocket.events('assist')).toEqual([]);
    // Nobody else hears the conversation; an unwatched one is silent again.
    expect(bobSocket.events('message')).toEqual([]);
    expect(await supervisorSocket.unwatch(conversationId)).toMatchObject({ watching: false });
    bobSocket.close();
  });

  it('a dropped connection makes the agent away after the grace, and their offer goes to the next agent', async () => {
    bobOnReplica = connect(replica, bob);
    const bobSocket = bobOnReplica;
    await bobSocket.ready();
    const second = await escalatedConversation('Grace Hopper');
    // Alice is the only one online: hers.
    const offer = await aliceSocket.waitFor(
      'offer',
      (event) => event.conversationId === second.conversationId,
    );
    await presence(bob, 'online');
    const droppedAt = Date.now();
    aliceSocket.close();

    const away = await supervisorSocket.waitFor(
      'presence',
      (event) => event.agentId === aliceId && event.cause === 'connection',
      20_000,
    );
    expect(away).toMatchObject({ presence: 'away', cause: 'connection', busyState: null });
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(graceSeconds * 1_000);
    const next = await bobSocket.waitFor(
      'offer',
      (event) => event.conversationId === second.conversationId,
    );
    expect(next.offerId).not.toBe(offer.offerId);
    // Bob declines: his other tabs learn the offer is gone.
    const declined = await platform.call(
      'agent-desk',
      'POST',
      `/v1/offers/${next.offerId}/decline`,
      bob,
      {
        reason: 'not my area',
      },
    );
    expect(declined.status).toBe(200);
    expect(
      await bobSocket.waitFor('offer.withdrawn', (event) => event.offerId === next.offerId),
    ).toMatchObject({ conversationId: second.conversationId, reason: 'declined' });
    const me = await platform.call<{ presence: string }>(
      'agent-desk',
      'GET',
      '/v1/agents/me',
      alice,
    );
    expect(me.body.presence).toBe('away');
    const offers = await platform.call<{ offers: unknown[] }>(
      'agent-desk',
      'GET',
      '/v1/offers',
      alice,
    );
    expect(offers.body.offers).toEqual([]);
  });

  it('when a desk instance crashes, its agents become away once its heartbeat times out and the grace has passed', async () => {
    // Bob's only socket is on the replica; he is online.
    expect(bobOnReplica.socket.connected).toBe(true);
    await platform.stopReplica(replica, 'SIGKILL');
    const away = await supervisorSocket.waitFor(
      'presence',
      (event) => event.agentId === bobId && event.cause === 'connection',
      30_000,
    );
    expect(away).toMatchObject({ presence: 'away', cause: 'connection' });
    await eventually(async () => {
      const me = await platform.call<{ presence: string }>(
        'agent-desk',
        'GET',
        '/v1/agents/me',
        bob,
      );
      expect(me.body.presence).toBe('away');
    });
  });
});
