import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface ArticleView {
  id: string;
  title: string;
  body: string;
  questions: string[];
  status: string;
  source: string;
  sourceConversationId: string | null;
  version: number;
}

/**
 * The learning loop, end to end through the public HTTP APIs of the five running apps
 * (no event is put on the log by the test): a question the knowledge base does not know is
 * resolved by a person, the case becomes a draft, a supervisor reviews and publishes it, and
 * the bot answers the next customer who asks it with the agent's answer.
 */
describe('the learning loop: a case a person resolved teaches the bot', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('asker-');
  const nextCustomer = uniqueId('next-');

  // Nothing in scripts/demo-data.ts is about paying in instalments.
  const question = 'Can I pay for my order in instalments? Call me on +44 7700 900123';
  const cleanQuestion = 'Can I pay for my order in instalments?';
  const paraphrase = 'Is it possible to pay for an order in instalments?';
  const agentAnswer =
    'Yes: choose "Pay in 3" at checkout and the order is split into three interest-free monthly instalments charged to your card.';
  const note = 'Pay in 3 is offered at checkout for orders over £50.';

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  let conversationId = '';
  let questionId = '';
  let agent = '';
  let supervisor = '';
  let articleId = '';

  function deliveredTo(customerId: string) {
    return platform.deliveries.filter((delivery) => delivery.to.id === customerId);
  }

  it('the bot answers what it knows and defers the question nobody wrote an article for', async () => {
    const first = await platform.customerSays(customer, 'When will my card arrive?');
    expect(first.status).toBe(202);
    ({ conversationId } = (await first.json()) as { conversationId: string });
    await eventually(() =>
      expect(deliveredTo(customer).map((d) => d.text)).toContainEqual(
        expect.stringContaining('3–5 working days'),
      ),
    );

    const asked = await platform.customerSays(customer, question);
    expect(asked.status).toBe(202);
    ({ messageId: questionId } = (await asked.json()) as { messageId: string });
    const deferred = await eventually(() => {
      const found = platform
        .eventsOf('bot.deferred', conversationId)
        .find((event) => event.payload.inReplyTo === questionId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(deferred.payload.reason).toBe('LOW_CONFIDENCE');
    expect(
      platform.eventsOf('bot.replied', conversationId).map((event) => event.payload.inReplyTo),
    ).not.toContain(questionId);
  });

  it('the customer asks for a person, who takes the conversation, answers and resolves it', async () => {
    await platform.customerSays(customer, 'talk to a human please');
    const escalation = await eventually(() => {
      const [decided] = platform.eventsOf('escalation.decided', conversationId);
      expect(decided).toBeDefined();
      return decided!;
    });
    expect(escalation.payload.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');

    agent = await platform.login('alice@demo.test');
    expect(
      (
        await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', agent, {
          status: 'online',
        })
      ).status,
    ).toBe(200);
    const offer = await eventually(async () => {
      const { body } = await platform.call<{ offers: { id: string; conversationId: string }[] }>(
        'agent-desk',
        'GET',
        '/v1/offers',
        agent,
      );
      const found = body.offers.find((candidate) => candidate.conversationId === conversationId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(
      await platform.call('agent-desk', 'POST', `/v1/offers/${offer.id}/accept`, agent),
    ).toEqual({ status: 200, body: { conversationId, status: 'assigned' } });

    const reply = await platform.call<{ replyId: string }>(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      agent,
      { text: agentAnswer },
    );
    expect(reply.status).toBe(202);
    await eventually(() =>
      expect(deliveredTo(customer)).toContainEqual(
        expect.objectContaining({ replyId: reply.body.replyId, text: agentAnswer }),
      ),
    );

    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/resolve`,
      agent,
      { wrapUpCode: 'payments', note },
    );
    expect(resolved.status).toBe(200);
  });

  it('the case becomes a learned draft: the customer’s question, masked, and the agent’s answer only', async () => {
    const drafted = await eventually(() => {
      const found = platform
        .eventsOf('article.drafted')
        .filter((event) => event.payload.sourceConversationId === conversationId);
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    articleId = drafted.payload.articleId;
    supervisor = await platform.login('sam@demo.test');
    const { status, body: draft } = await platform.call<ArticleView>(
      'knowledge',
      'GET',
      `/v1/articles/${articleId}`,
      supervisor,
    );
    expect(status).toBe(200);
    expect(draft).toMatchObject({
      status: 'draft',
      source: 'learned',
      sourceConversationId: conversationId,
      version: 1,
      questions: ['Can I pay for my order in instalments? Call me on [phone]'],
    });
    expect(JSON.stringify(draft)).not.toContain('7700');
    expect(draft.body).toContain(agentAnswer);
    expect(draft.body).toContain(note);
    // Not the question the bot answered before the hand-off, not the request for a person,
    // and never the bot's own words.
    expect(draft.questions).not.toContain('When will my card arrive?');
    expect(draft.questions.join(' ')).not.toContain('human');
    for (const said of deliveredTo(customer).filter((d) => d.from.role === 'bot'))
      expect(draft.body).not.toContain(said.text);

    // Agents (and the bot) do not see a draft.
    expect(
      (await platform.call('knowledge', 'GET', `/v1/articles/${articleId}`, agent)).status,
    ).toBe(404);
  });

  it('a supervisor edits, submits and publishes it, with the version it was reviewed at', async () => {
    const body = `${agentAnswer}\n\nAvailable for orders over £50.`;
    const edited = await platform.call<ArticleView>(
      'knowledge',
      'PATCH',
      `/v1/articles/${articleId}`,
      supervisor,
      { title: cleanQuestion, body },
    );
    // `call` sends no If-Match: the API refuses an edit that does not say which version it is on.
    expect(edited).toMatchObject({ status: 428, body: { code: 'KNOWLEDGE.VERSION_REQUIRED' } });

    const withVersion = (method: string, path: string, version: number, json?: unknown) =>
      fetch(`${platform.url('knowledge')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${supervisor}`,
          'if-match': `"${version}"`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });

    const patched = await withVersion('PATCH', `/v1/articles/${articleId}`, 1, {
      title: cleanQuestion,
      body,
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(await patched.json()).toMatchObject({ version: 2, title: cleanQuestion, body });

    const submitted = await withVersion('POST', `/v1/articles/${articleId}/submit`, 2);
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ status: 'in_review' });
    const published = await withVersion('POST', `/v1/articles/${articleId}/publish`, 2);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published', version: 2 });

    const event = await eventually(() => {
      const [found] = platform.eventsOf('article.published', articleId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.payload).toMatchObject({ articleId, title: cleanQuestion, version: 2 });
  });

  it('the content gap the deferral opened is closed with the new article', async () => {
    const gap = await eventually(async () => {
      const { body } = await platform.call<{
        gaps: { id: string; examples: { text: string }[] }[];
      }>('knowledge', 'GET', '/v1/gaps', supervisor);
      const found = body.gaps.find((candidate) =>
        candidate.examples.some((example) => example.text.startsWith(cleanQuestion)),
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(JSON.stringify(gap)).not.toContain('7700');
    expect(
      (
        await platform.call('knowledge', 'POST', `/v1/gaps/${gap.id}/close`, supervisor, {
          articleId,
        })
      ).status,
    ).toBe(204);
  });

  it('a new customer asking the same question, or in other words, gets the agent’s answer from the bot', async () => {
    const conversations = new Set<string>();
    for (const text of [cleanQuestion, paraphrase]) {
      const response = await platform.customerSays(nextCustomer, text);
      expect(response.status).toBe(202);
      const accepted = (await response.json()) as { conversationId: string; messageId: string };
      expect(accepted.conversationId).not.toBe(conversationId);
      conversations.add(accepted.conversationId);
      const reply = await eventually(() => {
        const found = platform
          .eventsOf('bot.replied', accepted.conversationId)
          .find((event) => event.payload.inReplyTo === accepted.messageId);
        expect(found).toBeDefined();
        return found!;
      });
      expect(reply.payload.sources[0]).toMatchObject({ articleId, title: cleanQuestion });
      expect(reply.payload.confidence).toBeGreaterThanOrEqual(0.55);
      await eventually(() =>
        expect(deliveredTo(nextCustomer)).toContainEqual(
          expect.objectContaining({
            replyId: reply.payload.replyId,
            from: expect.objectContaining({ role: 'bot' }),
            text: expect.stringContaining(agentAnswer),
          }),
        ),
      );
    }
    for (const id of conversations) expect(platform.eventsOf('bot.deferred', id)).toEqual([]);

    // The knowledge base counts both answers against the article.
    await eventually(async () => {
      const { body } = await platform.call<{
        articles: { articleId: string; answers: number }[];
      }>('knowledge', 'GET', '/v1/usage/articles', supervisor);
      expect(body.articles.find((row) => row.articleId === articleId)?.answers).toBe(2);
    });
  });
});
