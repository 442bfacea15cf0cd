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

describe('a vision model', () => {
  const server = new FakeOpenAiServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const image = {
    status: 'stored' as const,
    id: '8d0c7a52-4c1b-4d43-9a55-0f4f1f7d2a11',
    kind: 'image' as const,
    mimeType: 'image/jpeg',
    sizeBytes: 10_000,
  };
  const provider = (vision?: { maxImageBytes: number }) =>
    new ModelProvider(
      new OpenAI({ baseURL: server.baseUrl, apiKey: 'k' }),
      {
        model: 'fake-model',
        timeoutMs: 1_000,
        budgetMs: 1_500,
        threshold: 0.55,
        ...(vision ? { vision } : {}),
      },
      new CircuitBreaker({ failures: 2, coolDownMs: 60_000 }),
      createLogger('test', 'silent'),
    );

  it('sees web images within its size limit, and nothing without vision', () => {
    const seeing = provider({ maxImageBytes: 50_000 });
    expect(seeing.canSee(image)).toBe(true);
    expect(seeing.canSee({ ...image, sizeBytes: 60_000 })).toBe(false);
    expect(seeing.canSee({ ...image, kind: 'voice', mimeType: 'audio/amr' })).toBe(false);
    expect(seeing.canSee({ ...image, mimeType: 'image/tiff' })).toBe(false);
    expect(provider().canSee(image)).toBe(false);
  });

  it('sends the image to the model with the question, through the real client', async () => {
    server.respondWith(() => ({ content: grounded }));
    await provider({ maxImageBytes: 50_000 }).decide({
      ...input,
      images: [{ mimeType: 'image/jpeg', bytes: Buffer.from('jpeg!') }],
    });
    const body = server.requests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: expect.stringContaining('When will my card arrive?') },
        {
          type: 'image_url',
          image_url: {
            url: `data:image/jpeg;base64,${Buffer.from('jpeg!').toString('base64')}`,
            detail: 'auto',
          },
        },
      ],
    });
  });
});
