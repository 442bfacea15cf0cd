import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageAnalysisSchema, type AnalyzeResponse } from '@tandem/contracts';
import { eventually, REPO_ROOT, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/** POST /v1/analyze and GET /openapi.json on the running bot (built into dist/). */
describe('the bot’s analysis endpoint and OpenAPI document', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(`${platform.url('bot')}/v1/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('reads a negative request for a person in an angry Chinese message', async () => {
    const analyzed = await platform.call<AnalyzeResponse>(
      'bot',
      'POST',
      '/v1/analyze',
      platform.tokenAs('supervisor'),
      { text: '太慢了，我要转人工！' },
    );
    expect(analyzed.status).toBe(200);
    expect(messageAnalysisSchema.strict().parse(analyzed.body)).toEqual(analyzed.body);
    expect(analyzed.body).toMatchObject({
      language: 'zh',
      humanRequested: true,
      intent: null,
      sentiment: { polarity: 'negative' },
    });
    expect(analyzed.body.sentiment.score).toBeLessThan(0);
  });

  it('a calm English question is neutral or positive and asks for nobody', async () => {
    const analyzed = await platform.call<AnalyzeResponse>(
      'bot',
      'POST',
      '/v1/analyze',
      platform.tokenAs('supervisor'),
      { text: 'When will my card arrive?' },
    );
    expect(analyzed.status).toBe(200);
    expect(analyzed.body).toMatchObject({ language: 'en', humanRequested: false, emotions: [] });
    expect(analyzed.body.sentiment.polarity).not.toBe('negative');
  });

  it.each([
    '太慢了，我要转人工！',
    'When will my card arrive? I have waited two weeks, this is awful.',
  ])(
    'answers exactly what the bot publishes in message.analyzed for a customer message: %s',
    async (text) => {
      const sent = await platform.customerSays(uniqueId('customer-'), text);
      expect(sent.status).toBe(202);
      const { messageId } = (await sent.json()) as { messageId: string };
      const published = await eventually(() => {
        const [event] = platform
          .eventsOf('message.analyzed')
          .filter((analyzed) => analyzed.payload.messageId === messageId);
        expect(event).toBeDefined();
        return event!.payload;
      });
      const analyzed = await platform.call<AnalyzeResponse>(
        'bot',
        'POST',
        '/v1/analyze',
        platform.tokenAs('supervisor'),
        { text },
      );
      const { messageId: _id, ...analysis } = published;
      expect(analyzed.body).toEqual(analysis);
    },
  );

  it.each([
    ['empty', { text: '' }],
    ['blank', { text: '   ' }],
    ['over 4000 characters', { text: 'a'.repeat(4001) }],
    ['missing', {}],
  ])('refuses a text that is %s with 400 problem+json', async (_case, body) => {
    const response = await post(body, {
      authorization: `Bearer ${platform.tokenAs('supervisor')}`,
      'x-correlation-id': 'analyze-e2e',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      type: 'urn:tandem:problem:REQUEST.INVALID_BODY',
      status: 400,
      code: 'REQUEST.INVALID_BODY',
      correlationId: 'analyze-e2e',
      errors: [expect.objectContaining({ path: 'text' })],
    });
  });

  it('needs a supervisor, like the playground', async () => {
    const asAgent = await post(
      { text: 'hello' },
      { authorization: `Bearer ${platform.tokenAs('agent')}` },
    );
    expect(asAgent.status).toBe(403);
    expect(await asAgent.json()).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const anonymous = await post({ text: 'hello' }, {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('serves docs/openapi/bot.json at GET /openapi.json, without credentials', async () => {
    const response = await fetch(`${platform.url('bot')}/openapi.json`);
    expect(response.status).toBe(200);
    const committed: unknown = JSON.parse(
      readFileSync(join(REPO_ROOT, 'docs', 'openapi', 'bot.json'), 'utf8'),
    );
    expect(await response.json()).toEqual(committed);
  });
});
