import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Gap {
  id: string;
  status: string;
  occurrences: number;
  examples: { text: string; reason: string }[];
  closedByArticleId: string | null;
}

/**
 * Questions the bot could not answer become content gaps: grouped by similarity, ranked by
 * frequency, with examples, closed by the article that answers them, and forgotten with an
 * erased customer.
 */
describe('content gaps', () => {
  const platform = new PlatformUnderTest({}, ['knowledge', 'bot', 'gateway']);
  let supervisor = '';

  beforeAll(async () => {
    await platform.start();
    supervisor = platform.tokenAs('supervisor');
  }, 120_000);
  afterAll(() => platform.stop());

  async function ask(text: string): Promise<{ messageId: string; customerId: string }> {
    const accepted = await platform.verifiedCustomerSays({ id: uniqueId('gap-') }, text);
    await eventually(() =>
      expect(platform.eventsOf('bot.deferred').map((event) => event.payload.inReplyTo)).toContain(
        accepted.messageId,
      ),
    );
    const received = await platform.received({ messageId: accepted.messageId });
    return { messageId: accepted.messageId, customerId: received.payload.customer.id };
  }

  async function gaps(status = 'open'): Promise<Gap[]> {
    const answer = await platform.call<{ gaps: Gap[] }>(
      'knowledge',
      'GET',
      `/v1/gaps?status=${status}`,
      supervisor,
    );
    expect(answer.status).toBe(200);
    return answer.body.gaps;
  }

  let first = { messageId: '', customerId: '' };

  it('groups alike deferred questions, most frequent first, with examples and no personal data', async () => {
    first = await ask('Can I buy bitcoin with my card? Call me on +86 138 0013 8000');
    await ask('How do I buy bitcoin using the card?');
    await ask('Do you sell gift vouchers for the holidays?');
    const found = await eventually(async () => {
      const open = await gaps();
      expect(open.map((gap) => gap.occurrences)).toEqual([2, 1]);
      return open;
    });
    expect(found[0]!.examples.map((example) => example.text).sort()).toEqual([
      'Can I buy bitcoin with my card? Call me on [phone]',
      'How do I buy bitcoin using the card?',
    ]);
    expect(found[0]!.examples.every((example) => example.reason === 'deferred')).toBe(true);
    expect(found[1]!.examples.map((example) => example.text)).toEqual([
      'Do you sell gift vouchers for the holidays?',
    ]);
  });

  it('a supervisor closes a gap with the article that answers it', async () => {
    const [open] = await gaps();
    const { body } = await platform.call<{ articles: { id: string }[] }>(
      'knowledge',
      'GET',
      '/v1/articles?status=published',
      supervisor,
    );
    const articleId = body.articles[0]!.id;
    const unknown = await platform.call<{ code: string }>(
      'knowledge',
      'POST',
      `/v1/gaps/${open!.id}/close`,
      supervisor,
      { articleId: '00000000-0000-4000-8000-000000000000' },
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'KNOWLEDGE.ARTICLE_NOT_FOUND' } });
    const agent = platform.tokenAs('agent');
    const refused = await platform.call('knowledge', 'GET', '/v1/gaps', agent);
    expect(refused.status).toBe(403);

    const closed = await platform.call(
      'knowledge',
      'POST',
      `/v1/gaps/${open!.id}/close`,
      supervisor,
      {
        articleId,
      },
    );
    expect(closed.status).toBe(204);
    expect((await gaps()).map((gap) => gap.id)).not.toContain(open!.id);
    expect(await gaps('closed')).toEqual([
      expect.objectContaining({ id: open!.id, closedByArticleId: articleId }),
    ]);
  });

  it('an erased customer’s question leaves its gap', async () => {
    const erased = await platform.call(
      'gateway',
      'POST',
      `/v1/customers/${first.customerId}/erasure`,
      supervisor,
    );
    expect(erased.status).toBe(200);
    await eventually(async () => {
      const [closed] = await gaps('closed');
      expect(closed!.occurrences).toBe(1);
      expect(closed!.examples.map((example) => example.text)).toEqual([
        'How do I buy bitcoin using the card?',
      ]);
    });
  });
});
