import { eventually, uniqueId } from '@tandem/testing';
import { DEMO_PASSWORD } from '../scripts/demo-data';
import { DeskSocket } from '../scripts/harness/desk-socket';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Session {
  accessToken: string;
  refreshToken: string;
  agent: { id: string; name: string };
}

interface ConversationView {
  status: string;
  agentId: string | null;
  handoff: {
    summary: string;
    reasons: { code: string }[];
    transcript: { role: string; text: string }[];
    customer: { tier: string } | null;
  };
  messages: { role: string; text: string; deliveryStatus?: string | null }[];
  transfers: { note: string; fromAgentId: string | null }[];
}

/**
 * An agent's whole shift through the desk's public API and socket, against the real stack:
 * log in, go online, receive an offer on the socket and accept it, read the handoff context,
 * hear the customer on the socket, reply (delivered by the gateway), transfer to a colleague
 * with a note, who resolves; the customer rates it and the colleague sees the CSAT; log off.
 */
describe('an agent’s shift, end to end', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('customer-');
  const sockets: DeskSocket[] = [];
  let alice: Session;
  let bob: Session;
  let aliceSocket: DeskSocket;
  let bobSocket: DeskSocket;
  let conversationId = '';

  async function login(email: string): Promise<Session> {
    const response = await fetch(`${platform.url('agent-desk')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: platform.tenantId, email, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Session;
  }

  function connect(session: Session): DeskSocket {
    const socket = new DeskSocket(platform.url('agent-desk'), session.accessToken);
    sockets.push(socket);
    return socket;
  }

  beforeAll(() => platform.start(), 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.socket.close();
    await platform.stop();
  });

  it('logs in with a password, refreshes the session, connects the socket and goes online', async () => {
    alice = await login('alice@demo.test');
    const refreshed = await fetch(`${platform.url('agent-desk')}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: alice.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    alice = (await refreshed.json()) as Session;

    aliceSocket = connect(alice);
    await aliceSocket.ready();
    const online = await platform.call<{ presence: string }>(
      'agent-desk',
      'PUT',
      '/v1/agents/me/presence',
      alice.accessToken,
      { status: 'online' },
    );
    expect(online).toMatchObject({ status: 200, body: { presence: 'online' } });
    await aliceSocket.waitFor('presence', (event) => event.presence === 'online');
  });

  it('an escalated customer is offered on the socket, with the reasons, and accepted', async () => {
    const first = await platform.customerSays(customer, 'When will my card arrive?');
    conversationId = ((await first.json()) as { conversationId: string }).conversationId;
    await eventually(() =>
      expect(platform.eventsOf('bot.replied', conversationId)).toHaveLength(1),
    );
    await platform.customerSays(customer, 'It has been two weeks, I want to talk to a human');

    const offer = await aliceSocket.waitFor(
      'offer',
      (event) => event.conversationId === conversationId,
    );
    expect(offer.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');
    expect(new Date(offer.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const accepted = await platform.call<{ status: string }>(
      'agent-desk',
      'POST',
      `/v1/offers/${offer.offerId}/accept`,
      alice.accessToken,
    );
    expect(accepted).toMatchObject({ status: 200, body: { status: 'assigned' } });
    await eventually(() =>
      expect(platform.eventsOf('conversation.assigned', conversationId)).toHaveLength(1),
    );
  });

  it('the conversation view carries the whole handoff: summary, reasons, transcript, profile', async () => {
    const { status, body } = await platform.call<ConversationView>(
      'agent-desk',
      'GET',
      `/v1/conversations/${conversationId}`,
      alice.accessToken,
    );
    expect(status).toBe(200);
    expect(body.status).toBe('assigned');
    expect(body.agentId).toBe(alice.agent.id);
    expect(body.handoff.summary.length).toBeGreaterThan(0);
    expect(body.handoff.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');
    expect(body.handoff.transcript.map((entry) => entry.role)).toEqual([
      'customer',
      'bot',
      'customer',
    ]);
    expect(body.handoff.customer?.tier).toBe('standard');
  });

  it('the customer’s next message reaches the agent’s socket, and the bot stays silent', async () => {
    await platform.customerSays(customer, 'The tracking number ends in 4471');
    const message = await aliceSocket.waitFor(
      'message',
      (event) => event.conversationId === conversationId && event.role === 'customer',
    );
    expect(message.text).toBe('The tracking number ends in 4471');
    // Its waiting notice while queued, yes; an answer once a person has it, never.
    const answers = platform
      .eventsOf('bot.replied', conversationId)
      .filter((reply) => reply.payload.kind === 'answer');
    expect(answers).toHaveLength(1);
  });

  it('the agent’s reply is delivered to the customer’s channel', async () => {
    const reply = await platform.call<{ replyId: string }>(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      alice.accessToken,
      { text: 'Thanks, I am checking with the courier now.' },
    );
    expect(reply.status).toBe(202);
    const delivered = await eventually(() => {
      const found = platform.deliveries.find((delivery) => delivery.replyId === reply.body.replyId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(delivered).toMatchObject({
      conversationId,
      text: 'Thanks, I am checking with the courier now.',
    });
    await aliceSocket.waitFor(
      'delivery',
      (event) => event.conversationId === conversationId && event.status === 'delivered',
    );
  });

  it('transfers to a colleague with a note; the colleague is offered it, accepts and reads the note', async () => {
    bob = await login('bob@demo.test');
    bobSocket = connect(bob);
    await bobSocket.ready();
    await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', bob.accessToken, {
      status: 'online',
    });

    const transfer = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/transfer`,
      alice.accessToken,
      { toAgentId: bob.agent.id, note: 'Courier lost the card; please reissue.' },
    );
    expect(transfer.status).toBe(200);

    const offer = await bobSocket.waitFor(
      'offer',
      (event) => event.conversationId === conversationId,
    );
    const accepted = await platform.call(
      'agent-desk',
      'POST',
      `/v1/offers/${offer.offerId}/accept`,
      bob.accessToken,
    );
    expect(accepted.status).toBe(200);

    const view = await platform.call<ConversationView>(
      'agent-desk',
      'GET',
      `/v1/conversations/${conversationId}`,
      bob.accessToken,
    );
    expect(view.body.agentId).toBe(bob.agent.id);
    expect(view.body.transfers).toEqual([
      expect.objectContaining({
        note: 'Courier lost the card; please reissue.',
        fromAgentId: alice.agent.id,
      }),
    ]);
    expect(view.body.messages.map((message) => message.text)).toContain(
      'Thanks, I am checking with the courier now.',
    );
    // Alice no longer holds it: her view is refused.
    const hers = await platform.call(
      'agent-desk',
      'GET',
      `/v1/conversations/${conversationId}`,
      alice.accessToken,
    );
    expect(hers.status).toBe(404);
  });

  it('the colleague resolves it; the customer rates it and the colleague sees the CSAT', async () => {
    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/resolve`,
      bob.accessToken,
      { wrapUpCode: 'card-reissued', note: 'Card reported lost in transit; a new one was sent.' },
    );
    expect(resolved.status).toBe(200);

    const survey = await eventually(() => {
      const [requested] = platform.eventsOf('survey.requested', conversationId);
      if (!requested) throw new Error('no survey yet');
      return requested;
    });
    expect(survey.payload).toMatchObject({ kind: 'csat', agentId: bob.agent.id, language: 'en' });
    await eventually(() =>
      expect(platform.deliveries.some((d) => d.replyId === survey.payload.surveyId)).toBe(true),
    );
    await platform.customerSays(customer, '5 quick and kind');

    const csat = await eventually(async () => {
      const { body } = await platform.call<{
        csat: { count: number; average: number | null };
        recent: { score: number; comment: string | null; conversationId: string }[];
      }>('agent-desk', 'GET', '/v1/agents/me/csat', bob.accessToken);
      expect(body.csat.count).toBe(1);
      return body;
    });
    expect(csat.csat.average).toBe(5);
    expect(csat.recent[0]).toMatchObject({ score: 5, comment: 'quick and kind', conversationId });
  });

  it('ends the shift: offline, and no more offers', async () => {
    for (const session of [alice, bob]) {
      const offline = await platform.call<{ presence: string }>(
        'agent-desk',
        'PUT',
        '/v1/agents/me/presence',
        session.accessToken,
        { status: 'offline' },
      );
      expect(offline.body.presence).toBe('offline');
    }
    const next = uniqueId('customer-');
    await platform.customerSays(next, '转人工');
    const queued = await eventually(() => {
      const event = platform
        .events()
        .find(
          (candidate) =>
            candidate.type === 'conversation.queued' &&
            platform.eventsOf('message.received', candidate.aggregateId).length > 0 &&
            candidate.aggregateId !== conversationId,
        );
      if (!event) throw new Error('not queued yet');
      return event;
    });
    expect(queued.type === 'conversation.queued' && queued.payload.agentsOnline).toBe(0);
    expect(platform.eventsOf('offer.created', queued.aggregateId)).toHaveLength(0);
  });
});
