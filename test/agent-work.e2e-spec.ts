import { Client } from 'pg';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface View {
  status: string;
  agentId: string | null;
  queue: string;
  handoff: { summary: string; customer?: { displayName: string | null } | null };
  notes: { text: string; authorName: string }[];
  transfers: { note: string; toQueue: string; fromAgentId: string | null }[];
  messages: { id: string; role: string; deliveryStatus: string | null }[];
}

/**
 * An agent's work through the five running apps: a note and a transfer to a queue that the
 * next agent reads, a canned response rendered with the customer's name, a customer edit
 * through the gateway, and a reopen when the customer writes again within the window (the
 * bot stays silent, the router does not escalate a second time).
 */
describe('the agent’s work on a conversation', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('customer-');
  let db: Client;
  let alice = '';
  let bob = '';
  let aliceId = '';
  let bobId = '';
  let conversationId = '';

  beforeAll(async () => {
    await platform.start();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    alice = await platform.login('alice@demo.test');
    bob = await platform.login('bob@demo.test');
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await platform.stop();
  });

  /** The customer writes with the name their channel knows them by. */
  async function customerSays(
    text: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const body = JSON.stringify({
      messageId: uniqueId('m-'),
      from: { id: customer, name: 'Mei' },
      text,
    });
    const response = await platform.customerSays(customer, text, {
      rawBody: body,
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { conversationId: string; messageId: string };
  }

  const desk = <T>(method: string, path: string, token: string, body?: unknown) =>
    platform.call<T>('agent-desk', method, path, token, body);

  async function online(token: string): Promise<string> {
    const me = await desk<{ id: string }>('PUT', '/v1/agents/me/presence', token, {
      status: 'online',
    });
    expect(me.status).toBe(200);
    return me.body.id;
  }

  async function acceptOffer(token: string): Promise<void> {
    const offerId = await eventually(async () => {
      const offers = await desk<{ offers: { id: string; conversationId: string }[] }>(
        'GET',
        '/v1/offers',
        token,
      );
      const offer = offers.body.offers.find((o) => o.conversationId === conversationId);
      expect(offer).toBeDefined();
      return offer!.id;
    });
    expect((await desk('POST', `/v1/offers/${offerId}/accept`, token)).status).toBe(200);
  }

  it('a note and a transfer to a queue: the next agent reads both', async () => {
    aliceId = await online(alice);
    ({ conversationId } = await customerSays('Can I talk to a person please?'));
    await acceptOffer(alice);
    const note = await desk('POST', `/v1/conversations/${conversationId}/notes`, alice, {
      text: 'Charged twice on 28 Nov, card ending 4421',
    });
    expect(note.status).toBe(201);
    // Bob comes online before the transfer: the desk offers it to him, not back to Alice.
    bobId = await online(bob);
    const transferred = await desk<{ status: string; queue: string }>(
      'POST',
      `/v1/conversations/${conversationId}/transfer`,
      alice,
      { toQueue: 'billing', note: 'Needs a refund of the duplicate charge' },
    );
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ status: 'queued', queue: 'billing' });
    await eventually(() =>
      expect(platform.eventsOf('conversation.transferred', conversationId)).toEqual([
        expect.objectContaining({
          payload: expect.objectContaining({
            kind: 'transfer',
            fromAgentId: aliceId,
            toQueue: 'billing',
            note: 'Needs a refund of the duplicate charge',
          }),
        }),
      ]),
    );
    // Alice handed it on: it is no longer hers.
    expect((await desk('GET', `/v1/conversations/${conversationId}`, alice)).status).toBe(404);

    await acceptOffer(bob);
    const view = await desk<View>('GET', `/v1/conversations/${conversationId}`, bob);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'assigned', agentId: bobId, queue: 'billing' });
    expect(view.body.transfers).toEqual([
      expect.objectContaining({
        note: 'Needs a refund of the duplicate charge',
        toQueue: 'billing',
        fromAgentId: aliceId,
      }),
    ]);
    expect(view.body.notes).toEqual([
      expect.objectContaining({ text: 'Charged twice on 28 Nov, card ending 4421' }),
    ]);
    expect(view.body.handoff.summary.length).toBeGreaterThan(0);
  });

  it('a canned response renders with the customer’s name; the agent corrects the customer through the gateway', async () => {
    const created = await desk<{ id: string }>(
      'POST',
      '/v1/canned-responses',
      platform.tokenAs('supervisor'),
      {
        shortcut: 'greet',
        title: 'Greeting',
        text: 'Hi {{customer.name|there}}, this is {{agent.name}}. Let me check that for you.',
        language: 'en',
      },
    );
    expect(created.status).toBe(201);
    // Agents read, supervisors write.
    expect(
      (
        await desk('POST', '/v1/canned-responses', bob, {
          shortcut: 'x',
          title: 'x',
          text: 'x',
          language: 'en',
        })
      ).status,
    ).toBe(403);
    const rendered = await desk<{ text: string }>(
      'GET',
      `/v1/canned-responses/${created.body.id}/render?conversationId=${conversationId}`,
      bob,
    );
    expect(rendered.status).toBe(200);
    expect(rendered.body.text).toBe('Hi Mei, this is Bob Chen. Let me check that for you.');

    const edited = await desk<{ attributes: Record<string, unknown> }>(
      'PATCH',
      `/v1/conversations/${conversationId}/customer`,
      bob,
      { attributes: { preferredContact: 'email' } },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.attributes).toMatchObject({ preferredContact: 'email' });
  });

  it('the reply is delivered; resolving opens the reopen window', async () => {
    const reply = await desk<{ replyId: string }>(
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      bob,
      { text: 'The duplicate charge is refunded; it shows within 5 days.' },
    );
    expect(reply.status).toBe(202);
    await eventually(async () => {
      const view = await desk<View>('GET', `/v1/conversations/${conversationId}`, bob);
      expect(view.body.messages.find((m) => m.id === reply.body.replyId)?.deliveryStatus).toBe(
        'delivered',
      );
    });
    const resolved = await desk('POST', `/v1/conversations/${conversationId}/resolve`, bob, {
      wrapUpCode: 'billing',
      note: 'Refunded the duplicate charge',
    });
    expect(resolved.status).toBe(200);
    const event = await eventually(() => {
      const [found] = platform.eventsOf('conversation.resolved', conversationId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(Date.parse(event.payload.reopenUntil!)).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('the customer writes again within the window: reopened for a person, the bot stays silent, no second escalation', async () => {
    const again = await customerSays('When will my card arrive?');
    expect(again.conversationId).toBe(conversationId);
    await eventually(() =>
      expect(platform.eventsOf('conversation.reopened', conversationId)).toEqual([
        expect.objectContaining({
          payload: expect.objectContaining({ previousAgentId: bobId }),
        }),
      ]),
    );
    // The bot read it (its answer log) and said nothing, though it knows the answer.
    const logged = await eventually(async () => {
      const rows = await db.query<{ outcome: string; reason: string | null }>(
        `SELECT outcome, reason FROM bot.answer_log WHERE message_id = $1`,
        [again.messageId],
      );
      expect(rows.rows[0]).toBeDefined();
      return rows.rows[0]!;
    });
    expect(logged).toEqual({ outcome: 'silent', reason: 'mode resolved' });

    // Asking for a person now does not escalate a second time: the router knows it is reopened.
    const request = await customerSays('I want to talk to a person');
    await eventually(async () => {
      const state = await db.query<{
        state: { mode: string; explicitRequest: boolean; transcript: { messageId: string }[] };
      }>(`SELECT state FROM router.conversation_states WHERE conversation_id = $1`, [
        conversationId,
      ]);
      const folded = state.rows[0]!.state;
      expect(folded.transcript.map((entry) => entry.messageId)).toContain(request.messageId);
      expect(folded.explicitRequest).toBe(true);
      expect(folded.mode).toBe('escalated');
    });
    const decisions = await db.query(`SELECT 1 FROM router.decisions WHERE conversation_id = $1`, [
      conversationId,
    ]);
    expect(decisions.rowCount).toBe(1);
    const answers = platform
      .eventsOf('bot.replied', conversationId)
      .filter((event) => event.payload.kind === 'answer');
    expect(answers).toEqual([]);
    // A person gets it again.
    const view = await desk<View>(
      'GET',
      `/v1/conversations/${conversationId}`,
      platform.tokenAs('supervisor'),
    );
    expect(['queued', 'offered', 'assigned']).toContain(view.body.status);
  });
});
