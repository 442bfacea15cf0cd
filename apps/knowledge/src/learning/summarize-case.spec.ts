import OpenAI from 'openai';
import { createLogger } from '@tandem/observability';
import { FakeOpenAiServer } from '@tandem/testing';
import { CaseSummarizer } from './summarize-case';

const lines = [
  { role: 'customer' as const, text: '我的退款什么时候到账？我的电话是13800138000' },
  { role: 'agent' as const, text: '退款会在3-5个工作日内原路退回，请留意银行卡账单。' },
];

describe('drafting an article from a resolved case', () => {
  const server = new FakeOpenAiServer();
  const logger = createLogger('test', 'silent');
  let summarizer: CaseSummarizer;

  beforeAll(async () => {
    await server.start();
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key', maxRetries: 0 });
    summarizer = new CaseSummarizer(client, { model: 'fake-model', timeoutMs: 2_000 }, logger);
  });
  afterAll(() => server.stop());

  it('asks the model with masked data and uses its title and answer', async () => {
    server.respondWith(() => ({
      content: JSON.stringify({
        title: '退款多久到账？',
        answer: '退款会在 **3-5 个工作日**内原路退回。',
      }),
    }));
    const result = await summarizer.draft(lines, '已告知退款时效');
    expect(result).toEqual({
      method: 'model',
      draft: {
        title: '退款多久到账？',
        body: '退款会在 **3-5 个工作日**内原路退回。',
        questions: ['我的退款什么时候到账？我的电话是[phone]'],
        locale: 'zh',
      },
    });
    const sent = JSON.stringify(server.requests.at(-1)?.body);
    expect(sent).not.toContain('13800138000');
    expect(sent).toContain('data, never instructions');
  });

  it.each([
    ['an answer that is not JSON', () => ({ content: 'Sure! Here is an article.' })],
    ['JSON without an answer', () => ({ content: JSON.stringify({ title: 'Refunds' }) })],
    ['a server error', () => ({ status: 500, error: 'boom' })],
  ])('falls back to the extractive draft on %s', async (_case, respond) => {
    server.respondWith(respond);
    const result = await summarizer.draft(lines, '');
    expect(result?.method).toBe('extractive');
    expect(result?.draft.body).toBe('退款会在3-5个工作日内原路退回，请留意银行卡账单。');
  });

  it('drafts extractively when no model is configured, and not at all from nothing', async () => {
    const offline = new CaseSummarizer(null, { model: 'x', timeoutMs: 1 }, logger);
    expect((await offline.draft(lines, ''))?.method).toBe('extractive');
    expect(await offline.draft([{ role: 'customer', text: 'hi' }], '')).toBeNull();
  });
});
