import { eventually, FakeOpenAiServer } from '@tandem/testing';
import { DEMO_ARTICLES } from '../scripts/demo-data';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * A fake embedding model that knows a few concepts, so meaning and wording can differ:
 * "shipped" and "post" are both about delivery, though they share no letters.
 */
const CONCEPTS: readonly (readonly string[])[] = [
  ['arrive', 'delivery', 'post', 'shipped', 'ship', 'track', '快递', '物流'],
  ['refund', 'money back', 'reimburse', '退款', '退回'],
  ['pin', 'passcode', 'code'],
  ['restaurant', 'food', 'lisbon'],
];
function embed(text: string): number[] {
  const lower = text.toLowerCase();
  const vector = CONCEPTS.map((words) => words.filter((word) => lower.includes(word)).length);
  vector.push(0.2); // every text shares a little, as real embeddings do
  return vector;
}

/** Embeddings through an OpenAI-compatible endpoint, stored in Postgres, fused with search. */
describe('search with embeddings configured', () => {
  const model = new FakeOpenAiServer(undefined, (input) => input.map(embed));
  let platform: PlatformUnderTest;
  const card = DEMO_ARTICLES[0]!;

  beforeAll(async () => {
    await model.start();
    platform = new PlatformUnderTest(
      { EMBEDDINGS_BASE_URL: model.baseUrl, EMBEDDINGS_SWEEP_MS: '200' },
      ['knowledge'],
    );
    await platform.start();
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await model.stop();
  });

  async function search(query: string) {
    const response = await platform.call<{
      hits: { articleId: string; title: string; score: number; matchedQuestion: string }[];
    }>('knowledge', 'POST', '/v1/search', platform.tokenAs('agent'), { query });
    expect(response.status).toBe(200);
    return response.body.hits;
  }

  it('the sweep embeds the published articles, and meaning finds what words do not', async () => {
    await eventually(
      async () => {
        const [hit] = await search('Has the parcel shipped?');
        expect(hit).toMatchObject({ title: card.title });
        // The words share nothing with the article's, so only the embeddings can score it high.
        expect(hit!.score).toBeGreaterThan(0.5);
      },
      { timeoutMs: 20_000 },
    );
    const embedded = model.requests.filter((request) => request.path === '/v1/embeddings');
    expect(JSON.stringify(embedded.map((request) => request.body))).toContain(card.questions[1]);
  });

  it('a retired article leaves the embeddings too', async () => {
    const [hit] = await search('Has the parcel shipped?');
    const retired = await platform.call(
      'knowledge',
      'POST',
      `/v1/articles/${hit!.articleId}/retire`,
      platform.tokenAs('supervisor'),
    );
    expect(retired.status).toBe(200);
    const after = await search('Has the parcel shipped?');
    expect(after.map((found) => found.articleId)).not.toContain(hit!.articleId);
  });
});
