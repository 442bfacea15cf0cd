import { createEvent } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface ReviewItem {
  id: string;
  conversationId: string;
  question: string;
  answer: string;
  confidence: number;
  reasons: string[];
  status: string;
  verdict: string | null;
  correction: string | null;
}
interface ReviewList {
  items: ReviewItem[];
  counts: Record<string, number>;
  total: number;
  nextCursor: string | null;
}

/**
 * Human supervision of the bot, end to end on the five running apps: an answer the tenant
 * finds too unsure goes to the review queue (and a customer's thumbs-down adds its reason),
 * a supervisor marks it wrong with the right answer, the knowledge service drafts an article
 * from the correction, a supervisor publishes it, and the bot answers the question with it.
 */
describe('reviewing the bot’s answers teaches the bot', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('asker-');
  const nextCustomer = uniqueId('next-');
  // Close to the demo refund article (so the bot answers with it), but not what it says.
  const question = 'How long does a refund to a gift card take?';
  const correction =
    'Refunds to a gift card are instant: the amount is back on the gift card as soon as the return is accepted.';

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  let supervisor = '';
  let replyId = '';
  let conversationId = '';
  let refundArticleId = '';
  let articleId = '';

  it('a tenant that reviews answers below 0.95 finds the bot’s answer in its queue, with the question', async () => {
    const admin = await platform.login('admin@demo.test');
    const settings = await platform.call<{ review: unknown }>(
      'agent-desk',
      'PUT',
      '/v1/settings',
      admin,
      { review: { sampleRate: 0, lowConfidenceBelow: 0.95 } },
    );
    expect(settings).toMatchObject({
      status: 200,
      body: { review: { sampleRate: 0, lowConfidenceBelow: 0.95 } },
    });

    const asked = await platform.customerSays(customer, question);
    expect(asked.status).toBe(202);
    const accepted = (await asked.json()) as { conversationId: string; messageId: string };
    conversationId = accepted.conversationId;
    const reply = await eventually(() => {
      const found = platform
        .eventsOf('bot.replied', conversationId)
        .find((event) => event.payload.inReplyTo === accepted.messageId);
      expect(found).toBeDefined();
      return found!;
    });
    replyId = reply.payload.replyId;
    refundArticleId = reply.payload.sources[0]!.articleId;
    expect(reply.payload.confidence).toBeLessThan(0.95);

    supervisor = await platform.login('sam@demo.test');
    const queue = await eventually(async () => {
      const { status, body } = await platform.call<ReviewList>(
        'agent-desk',
        'GET',
        '/v1/reviews?status=pending',
        supervisor,
      );
      expect(status).toBe(200);
      expect(body.items.map((item) => item.id)).toContain(replyId);
      return body;
    });
    expect(queue.items.find((item) => item.id === replyId)).toMatchObject({
      conversationId,
      question,
      answer: reply.payload.text,
      confidence: reply.payload.confidence,
      reasons: ['LOW_CONFIDENCE'],
      status: 'pending',
    });
    expect(queue.counts.LOW_CONFIDENCE).toBeGreaterThanOrEqual(1);

    // Agents do not review the bot.
    const agent = await platform.login('alice@demo.test');
    expect((await platform.call('agent-desk', 'GET', '/v1/reviews', agent)).status).toBe(403);
  });

  it('the customer’s thumbs-down adds its reason to the item', async () => {
    const publisher = await platform.publisher();
    try {
      await publisher.publish([
        createEvent('answer.rated', {
          tenantId: platform.tenantId,
          aggregateId: conversationId,
          payload: { replyId, rating: 'not_helpful', source: 'webchat' },
        }),
      ]);
    } finally {
      await publisher.disconnect();
    }
    await eventually(async () => {
      const { body } = await platform.call<ReviewList>(
        'agent-desk',
        'GET',
        '/v1/reviews?reason=RATED_POORLY',
        supervisor,
      );
      expect(body.items.map((item) => [item.id, item.reasons])).toEqual([
        [replyId, ['LOW_CONFIDENCE', 'RATED_POORLY']],
      ]);
    });
  });

  it('the supervisor marks it wrong with the right answer, once; answer.reviewed goes on the log sealed', async () => {
    const refused = await platform.call(
      'agent-desk',
      'POST',
      `/v1/reviews/${replyId}/verdict`,
      supervisor,
      {
        verdict: 'right',
        correction,
      },
    );
    expect(refused).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_VERDICT' } });

    const judged = await platform.call<ReviewItem>(
      'agent-desk',
      'POST',
      `/v1/reviews/${replyId}/verdict`,
      supervisor,
      { verdict: 'wrong', correction },
    );
    expect(judged).toMatchObject({
      status: 200,
      body: { id: replyId, status: 'reviewed', verdict: 'wrong', correction },
    });
    expect(
      await platform.call('agent-desk', 'POST', `/v1/reviews/${replyId}/verdict`, supervisor, {
        verdict: 'right',
      }),
    ).toMatchObject({ status: 409, body: { code: 'DESK.REVIEW_ALREADY_DONE' } });

    const event = await eventually(() => {
      const [found] = platform.eventsOf('answer.reviewed', conversationId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.customerId).toBeTruthy();
    expect(event.payload).toMatchObject({
      replyId,
      verdict: 'wrong',
      question,
      correction,
      locale: 'en',
      sourceArticleIds: expect.arrayContaining([refundArticleId]),
    });
    const raw = platform
      .rawRecords()
      .find(
        (record) => record.value?.includes(`"answer.reviewed"`) && record.value.includes(replyId),
      );
    expect(raw?.value).toBeDefined();
    expect(raw!.value).not.toContain(correction);
    expect(raw!.value).not.toContain(question);
  });

  it('the correction becomes a review draft in knowledge, which a supervisor publishes', async () => {
    const drafted = await eventually(() => {
      const found = platform
        .eventsOf('article.drafted')
        .filter((event) => event.payload.sourceConversationId === conversationId);
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    articleId = drafted.payload.articleId;
    const draft = await platform.call<{
      status: string;
      source: string;
      sourceRef: string | null;
      title: string;
      body: string;
      questions: string[];
      version: number;
    }>('knowledge', 'GET', `/v1/articles/${articleId}`, supervisor);
    expect(draft).toMatchObject({
      status: 200,
      body: {
        status: 'draft',
        source: 'review',
        sourceRef: replyId,
        title: question,
        body: correction,
        questions: [question],
        version: 1,
      },
    });

    for (const step of ['submit', 'publish']) {
      const response = await fetch(
        `${platform.url('knowledge')}/v1/articles/${articleId}/${step}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${supervisor}`, 'if-match': '"1"' },
        },
      );
      expect(response.status).toBe(200);
    }
    await eventually(() =>
      expect(platform.eventsOf('article.published', articleId)).toHaveLength(1),
    );
  });

  it('the bot answers the same question with the correction now', async () => {
    const asked = await platform.customerSays(nextCustomer, question);
    expect(asked.status).toBe(202);
    const accepted = (await asked.json()) as { conversationId: string; messageId: string };
    const reply = await eventually(() => {
      const found = platform
        .eventsOf('bot.replied', accepted.conversationId)
        .find((event) => event.payload.inReplyTo === accepted.messageId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(reply.payload.sources[0]?.articleId).toBe(articleId);
    expect(reply.payload.text).toContain(correction);

    // The verdict counted against the article that answered wrongly.
    await eventually(async () => {
      const { body } = await platform.call<{
        articles: { articleId: string; reviewedWrong: number }[];
      }>('knowledge', 'GET', '/v1/usage/articles', supervisor);
      expect(body.articles.find((row) => row.articleId === refundArticleId)?.reviewedWrong).toBe(1);
    });
  });
});
