import { randomUUID } from 'node:crypto';
import { createEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, FakeOpenAiServer } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * A case a person resolved becomes a draft article written by the configured model (an
 * OpenAI-compatible endpoint: a local fake here), from the customer's and the agent's words
 * only, with personal data masked before it reaches the model.
 */
describe('learning from a resolved case with a model', () => {
  const model = new FakeOpenAiServer(() => ({
    content: JSON.stringify({
      title: 'How long does a refund take?',
      answer: 'Refunds reach the original card within **3–5 working days**.',
    }),
  }));
  let platform: PlatformUnderTest;
  let publisher: EventPublisher;

  beforeAll(async () => {
    await model.start();
    platform = new PlatformUnderTest({ LLM_BASE_URL: model.baseUrl, LLM_MODEL: 'fake-model' }, [
      'knowledge',
    ]);
    await platform.start();
    publisher = await platform.publisher();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform?.stop();
    await model.stop();
  });

  /** A case a person resolved: the customer's question, the agent's answer, the resolution. */
  async function resolvedCase(question: string, answer: string): Promise<string> {
    const conversationId = randomUUID();
    const customerId = randomUUID();
    const common = { tenantId: platform.tenantId, aggregateId: conversationId, customerId };
    await publisher.publish([
      createEvent('message.received', {
        ...common,
        payload: {
          messageId: randomUUID(),
          channel: { id: platform.channelId, type: 'generic' },
          channelMessageId: randomUUID(),
          customer: { id: customerId },
          text: question,
          attachments: [],
          receivedAt: new Date().toISOString(),
        },
      }),
      createEvent('agent.replied', {
        ...common,
        payload: { replyId: randomUUID(), agentId: 'agent-1', text: answer },
      }),
      createEvent('conversation.resolved', {
        ...common,
        payload: { agentId: 'agent-1', wrapUpCode: 'answered', note: '' },
      }),
    ]);
    return conversationId;
  }

  it('drafts the article with the model, never showing it personal data', async () => {
    const conversationId = await resolvedCase(
      'Can I pay in instalments? Mail me at li.na@example.com',
      'Refunds reach your card within 3-5 working days.',
    );
    const drafted = await eventually(() => {
      const [event] = platform.eventsOf('article.drafted');
      if (!event) throw new Error('no draft yet');
      return event;
    });
    expect(drafted.payload).toMatchObject({
      title: 'How long does a refund take?',
      sourceConversationId: conversationId,
    });
    const article = await platform.call<{ body: string; questions: string[] }>(
      'knowledge',
      'GET',
      `/v1/articles/${drafted.payload.articleId}`,
      platform.tokenAs('supervisor'),
    );
    expect(article.body).toMatchObject({
      body: 'Refunds reach the original card within **3–5 working days**.',
      questions: ['Can I pay in instalments? Mail me at [email]'],
    });
    const prompt = JSON.stringify(model.requests.map((request) => request.body));
    expect(prompt).toContain('Refunds reach your card within 3-5 working days.');
    expect(prompt).not.toContain('li.na@example.com');
  });

  it('a case an article already answers becomes a suggestion for it, which a supervisor accepts', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const conversationId = await resolvedCase(
      'How long does a refund take?',
      'Refunds take 3-5 working days.',
    );
    const [suggestion] = await eventually(async () => {
      const { body } = await platform.call<{
        suggestions: {
          id: string;
          articleTitle: string;
          questions: string[];
          sourceConversationId: string;
        }[];
      }>('knowledge', 'GET', '/v1/suggestions', supervisor);
      const found = body.suggestions.filter((s) => s.sourceConversationId === conversationId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(suggestion).toMatchObject({
      articleTitle: 'How long does a refund take?',
      questions: ['How long does a refund take?'],
    });
    expect(
      platform
        .eventsOf('article.drafted')
        .filter((event) => event.payload.sourceConversationId === conversationId),
    ).toEqual([]);

    expect(
      (
        await platform.call(
          'knowledge',
          'POST',
          `/v1/suggestions/${suggestion!.id}/accept`,
          supervisor,
        )
      ).status,
    ).toBe(204);
    const again = await platform.call<{ code: string }>(
      'knowledge',
      'POST',
      `/v1/suggestions/${suggestion!.id}/reject`,
      supervisor,
    );
    expect(again).toMatchObject({ status: 409, body: { code: 'KNOWLEDGE.SUGGESTION_DECIDED' } });
  });

  it('a second case about a question still waiting for review becomes a suggestion for that draft', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const first = await resolvedCase(
      'How do I close my savings account?',
      'Open Accounts > Savings > Close account.',
    );
    const draft = await eventually(() => {
      const [event] = platform
        .eventsOf('article.drafted')
        .filter((e) => e.payload.sourceConversationId === first);
      expect(event).toBeDefined();
      return event!;
    });
    const second = await resolvedCase(
      'how can I close my savings account',
      'You can close it in the app under Savings.',
    );
    const [suggestion] = await eventually(async () => {
      const { body } = await platform.call<{
        suggestions: { articleId: string; questions: string[]; sourceConversationId: string }[];
      }>('knowledge', 'GET', '/v1/suggestions', supervisor);
      const found = body.suggestions.filter((s) => s.sourceConversationId === second);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(suggestion).toMatchObject({
      articleId: draft.payload.articleId,
      questions: ['how can I close my savings account'],
    });
    expect(
      platform.eventsOf('article.drafted').filter((e) => e.payload.sourceConversationId === second),
    ).toEqual([]);
    const learned = await platform.call<{ articles: { id: string }[] }>(
      'knowledge',
      'GET',
      '/v1/articles?source=learned&status=draft',
      supervisor,
    );
    expect(learned.body.articles.map((article) => article.id)).toContain(draft.payload.articleId);
    const written = await platform.call<{ articles: { id: string }[] }>(
      'knowledge',
      'GET',
      '/v1/articles?source=written',
      supervisor,
    );
    expect(written.body.articles.map((article) => article.id)).not.toContain(
      draft.payload.articleId,
    );
  });
});
