import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * One conversation end to end, through the public HTTP APIs of the five running apps,
 * against real Kafka, Postgres and Redis: the bot answers, the customer asks for a
 * person, an agent takes over (the bot stays silent), replies, resolves, and the case
 * becomes a draft article.
 */
describe('a conversation, end to end', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('customer-');

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  let conversationId = '';
  let agentToken = '';

  it('the bot answers a question the knowledge base knows, in the customer’s language', async () => {
    const response = await platform.customerSays(customer, 'When will my card arrive?');
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { conversationId: string; messageId: string };
    conversationId = accepted.conversationId;
    await eventually(() =>
      expect(platform.deliveries.map((d) => d.text)).toContainEqual(
        expect.stringContaining('3–5 working days'),
      ),
    );
    const reply = platform.eventsOf('bot.replied', conversationId)[0]!;
    expect(reply.payload).toMatchObject({
      inReplyTo: accepted.messageId,
      provider: 'local',
      language: 'en',
    });
    expect(reply.payload.confidence).toBeGreaterThanOrEqual(0.55);

    await platform.customerSays(customer, '退款多久到账');
    await eventually(() =>
      expect(platform.deliveries.map((d) => d.text)).toContainEqual(
        expect.stringContaining('原路退回'),
      ),
    );
  });

  it('the bot defers a question it cannot answer instead of guessing', async () => {
    const response = await platform.customerSays(
      customer,
      'Can you recommend a good restaurant in Lisbon?',
    );
    const { messageId } = (await response.json()) as { messageId: string };
    await eventually(() =>
      expect(
        platform.eventsOf('bot.deferred', conversationId).map((e) => e.payload.inReplyTo),
      ).toContain(messageId),
    );
    expect(
      platform.eventsOf('bot.replied', conversationId).map((e) => e.payload.inReplyTo),
    ).not.toContain(messageId);
  });

  it('an explicit request for a person escalates at once, with the reason and the context', async () => {
    await platform.customerSays(customer, '转人工');
    const escalation = await eventually(() => {
      const decided = platform.eventsOf('escalation.decided', conversationId);
      expect(decided).toHaveLength(1);
      return decided[0]!;
    });
    expect(escalation.payload.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');
    expect(escalation.payload.handoff.transcript.map((entry) => entry.text)).toContain(
      'When will my card arrive?',
    );
    await eventually(() =>
      expect(platform.eventsOf('conversation.queued', conversationId)).toHaveLength(1),
    );
  });

  it('the waiting conversation is offered to the agent who comes online, and accepted', async () => {
    agentToken = await platform.login('alice@demo.test');
    const presence = await platform.call(
      'agent-desk',
      'PUT',
      '/v1/agents/me/presence',
      agentToken,
      { status: 'online' },
    );
    expect(presence.status).toBe(200);
    const offer = await eventually(async () => {
      const { body } = await platform.call<{ offers: { id: string; conversationId: string }[] }>(
        'agent-desk',
        'GET',
        '/v1/offers',
        agentToken,
      );
      expect(body.offers.map((o) => o.conversationId)).toContain(conversationId);
      return body.offers.find((o) => o.conversationId === conversationId)!;
    });
    const accepted = await platform.call(
      'agent-desk',
      'POST',
      `/v1/offers/${offer.id}/accept`,
      agentToken,
    );
    expect(accepted).toEqual({ status: 200, body: { conversationId, status: 'assigned' } });
    await eventually(() =>
      expect(platform.eventsOf('conversation.assigned', conversationId)).toHaveLength(1),
    );

    const again = await platform.call<{ code: string }>(
      'agent-desk',
      'POST',
      `/v1/offers/${offer.id}/accept`,
      agentToken,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DESK.OFFER_NOT_PENDING');
  });

  it('after the hand-off the bot says nothing to the customer, and the agent sees everything', async () => {
    const response = await platform.customerSays(customer, 'I was charged twice for my order');
    const { messageId } = (await response.json()) as { messageId: string };
    // The bot has seen the message (it analyses every message) ...
    await eventually(() =>
      expect(
        platform.eventsOf('message.analyzed', conversationId).map((e) => e.payload.messageId),
      ).toContain(messageId),
    );
    const view = await eventually(async () => {
      const result = await platform.call<{
        handoff: { summary: string; reasons: { code: string }[] };
        messages: { role: string; text: string }[];
      }>('agent-desk', 'GET', `/v1/conversations/${conversationId}`, agentToken);
      expect(result.body.messages.map((m) => m.text)).toContain('I was charged twice for my order');
      return result.body;
    });
    expect(view.handoff.summary).toContain('When will my card arrive?');
    expect(view.handoff.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');
    expect(view.messages.filter((m) => m.role === 'bot').length).toBeGreaterThanOrEqual(2);
  });

  it('the agent’s reply reaches the customer’s channel', async () => {
    const reply = await platform.call<{ replyId: string }>(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      agentToken,
      {
        text: 'Sorry about that — the duplicate charge is reversed automatically within 24 hours.',
      },
    );
    expect(reply.status).toBe(202);
    await eventually(() =>
      expect(platform.deliveries).toContainEqual(
        expect.objectContaining({
          replyId: reply.body.replyId,
          // The customer's channel is told who answered.
          from: { role: 'agent', name: 'Alice 王丽' },
          to: { id: customer },
        }),
      ),
    );
    await eventually(() =>
      expect(
        platform.eventsOf('delivery.succeeded', conversationId).map((e) => e.payload.replyId),
      ).toContain(reply.body.replyId),
    );
  });

  it('resolving turns the case into a draft article built from the customer and the agent only', async () => {
    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/resolve`,
      agentToken,
      {
        wrapUpCode: 'billing',
        note: 'Duplicate charges are reversed automatically within 24 hours.',
      },
    );
    expect(resolved.status).toBe(200);
    const drafted = await eventually(() => {
      const events = platform
        .eventsOf('article.drafted')
        .filter((e) => e.payload.sourceConversationId === conversationId);
      expect(events).toHaveLength(1);
      return events[0]!;
    });
    const article = await platform.call<{
      status: string;
      source: string;
      body: string;
      questions: string[];
    }>(
      'knowledge',
      'GET',
      `/v1/articles/${drafted.payload.articleId}`,
      // Drafts are for supervisors to review; agents read published articles only.
      await platform.login('sam@demo.test'),
    );
    expect(article.body).toMatchObject({ status: 'draft', source: 'learned' });
    expect(article.body.questions).toContain('I was charged twice for my order');
    expect(article.body.questions).not.toContain('转人工');
    expect(article.body.body).toContain('reversed automatically within 24 hours');
    // Never the bot's words.
    expect(article.body.body).not.toContain('3–5 working days');
  });

  it('between the hand-off and the resolution the bot only told the customer they were waiting', () => {
    const events = platform.events().filter((event) => event.aggregateId === conversationId);
    const escalatedAt = events.findIndex((event) => event.type === 'escalation.decided');
    const resolvedAt = events.findIndex((event) => event.type === 'conversation.resolved');
    expect(escalatedAt).toBeGreaterThan(0);
    expect(resolvedAt).toBeGreaterThan(escalatedAt);
    const said = events
      .slice(escalatedAt, resolvedAt)
      .filter((event) => event.type === 'bot.replied')
      .map((event) => (event.type === 'bot.replied' ? event.payload : null));
    // One waiting notice when it was queued (nobody was online yet), never an answer.
    expect(said.map((payload) => payload?.kind)).toEqual(['notice']);
    expect(said[0]?.language).toBe('zh');
    // The CSAT question after the resolution is the gateway's, not the bot's (test/surveys.e2e-spec.ts).
    const botDeliveries = platform.deliveries.filter((d) => d.from.role === 'bot' && !d.survey);
    expect(botDeliveries).toHaveLength(3);
    expect(botDeliveries.map((d) => d.replyId)).toContain(said[0]?.replyId);
  });
});
