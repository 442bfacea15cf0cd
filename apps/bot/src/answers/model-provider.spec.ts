import OpenAI from 'openai';
import type { SearchHit } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { FakeOpenAiServer } from '@tandem/testing';
import { CircuitBreaker } from './circuit-breaker';
import { ModelProvider } from './model-provider';

const hits: SearchHit[] = [
  {
    articleId: 'a1',
    title: 'Card delivery',
    answer: 'Cards arrive in 3–5 working days.',
    locale: 'en',
    score: 0.7,
    matchedQuestion: null,
  },
];
const grounded = JSON.stringify({
  answer: 'Your card arrives in 3–5 working days.',
  confidence: 0.9,
  needsHuman: false,
  citations: ['a1'],
});
const input = { text: 'When will my card arrive?', language: 'en' as const, history: [], hits };

describe('the model provider against an OpenAI-compatible server', () => {
  const server = new FakeOpenAiServer();
  let breaker: CircuitBreaker;
  let provider: ModelProvider;

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    breaker = new CircuitBreaker({ failures: 2, coolDownMs: 60_000 });
    provider = new ModelProvider(
      new OpenAI({ baseURL: server.baseUrl, apiKey: 'k' }),
      { model: 'fake-model', timeoutMs: 1_000, budgetMs: 1_500, threshold: 0.55 },
      breaker,
      createLogger('test', 'silent'),
    );
  });

  it('answers from the cited article and counts the tokens, asking for JSON', async () => {
    server.respondWith(() => ({ content: grounded, promptTokens: 120, completionTokens: 30 }));
    expect(await provider.decide(input)).toEqual({
      choice: { kind: 'answer', text: 'Your card arrives in 3–5 working days.' },
      confidence: 0.9,
      sources: [{ articleId: 'a1', title: 'Card delivery', score: 0.7 }],
      provider: 'openai',
      usage: { model: 'fake-model', promptTokens: 120, completionTokens: 30, requests: 1 },
    });
    expect(server.requests[0]?.body).toMatchObject({
      model: 'fake-model',
      response_format: { type: 'json_object' },
    });
  });

  it('retries a server error and a malformed answer within the budget', async () => {
    const script = [
      { status: 503, error: 'overloaded' },
      { content: 'not json' },
      { content: grounded },
    ];
    server.respondWith(() => script.shift()!);
    const decision = await provider.decide(input);
    expect(decision.choice.kind).toBe('answer');
    expect(decision.usage?.requests).toBe(3);
  });

  it('defers with MODEL_ERROR when the budget runs out, and opens the circuit after two such messages', async () => {
    server.respondWith(() => ({ status: 500, error: 'down' }));
    expect((await provider.decide(input)).choice).toEqual({ kind: 'defer', reason: 'MODEL_ERROR' });
    expect(breaker.state).toBe('closed');
    await provider.decide(input);
    expect(breaker.state).toBe('open');
    const before = server.requests.length;
    expect((await provider.decide(input)).choice).toEqual({ kind: 'defer', reason: 'MODEL_ERROR' });
    expect(server.requests.length).toBe(before);
  }, 10_000);

  it('does not retry a request the server refuses as invalid', async () => {
    server.respondWith(() => ({ status: 400, error: 'bad request' }));
    const decision = await provider.decide(input);
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'MODEL_ERROR' });
    expect(server.requests).toHaveLength(1);
  });

  it('does not ask the model when nothing was retrieved', async () => {
    const decision = await provider.decide({ ...input, hits: [] });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'LOW_CONFIDENCE' });
    expect(server.requests).toHaveLength(0);
  });
});
