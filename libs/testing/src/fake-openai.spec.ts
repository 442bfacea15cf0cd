import OpenAI from 'openai';
import { FakeOpenAiServer } from './fake-openai';
import { eventually } from './eventually';

describe('the fake OpenAI-compatible server, through the real openai client', () => {
  const server = new FakeOpenAiServer((request) => {
    const last = request.messages[request.messages.length - 1];
    return { content: `echo: ${String(last?.content)}`, promptTokens: 7, completionTokens: 3 };
  });
  let client: OpenAI;

  beforeAll(async () => {
    await server.start();
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key', maxRetries: 0 });
  });
  afterAll(() => server.stop());

  it('answers a chat completion and reports usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: '你好' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: 你好');
    expect(completion.usage?.total_tokens).toBe(10);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer test-key');
  });

  it('surfaces a scripted server error as the client error it would be in production', async () => {
    server.respondWith(() => ({ status: 503, error: 'overloaded' }));
    await expect(
      client.chat.completions.create({
        model: 'fake-model',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 503 });
  });

  it('serves embeddings in the wire format', async () => {
    const result = await client.embeddings.create({ model: 'fake-embed', input: ['a', 'b'] });
    expect(result.data.map((row) => row.embedding)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

describe('eventually', () => {
  it('returns as soon as the assertion passes', async () => {
    let calls = 0;
    await expect(
      eventually(() => (++calls >= 3 ? 'done' : Promise.reject(new Error('not yet'))), {
        intervalMs: 1,
      }),
    ).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up with the last error when time runs out', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('never');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/still failing after 30 ms: never/);
  });
});
