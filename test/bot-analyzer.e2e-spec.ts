import type { ModelUsageResponse } from '@tandem/contracts';
import {
  eventually,
  FakeOpenAiServer,
  uniqueId,
  type ChatRequest,
  type ChatResponder,
} from '@tandem/testing';
import { groundedAnswer, promptData as dataOf } from '../scripts/harness/fake-model';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { analyzeMessage } from '../apps/bot/src/analysis/analyze-message';
import { ANALYSIS_SYSTEM_PROMPT } from '../apps/bot/src/analysis/model-analyzer-prompt';

type ChatAnswer = ReturnType<ChatResponder>;

const isAnalysis = (request: ChatRequest) =>
  request.messages[0]?.content === ANALYSIS_SYSTEM_PROMPT;

const angry = {
  sentiment: { polarity: 'negative', score: -0.8, intensity: 0.9 },
  emotions: [{ emotion: 'anger', score: 0.85 }],
  humanRequested: false,
} as const;

/**
 * The bot analysing messages with a model (a local fake) on top of its rules, with the same
 * model answering: the router's `message.analyzed` signals carry the model's reading, and the
 * rules' when the model fails.
 */
describe('the bot with a model analyzer', () => {
  let analysisAnswer: (request: ChatRequest) => ChatAnswer = () => ({
    content: JSON.stringify(angry),
  });
  const model = new FakeOpenAiServer((request) =>
    isAnalysis(request) ? analysisAnswer(request) : groundedAnswer(request),
  );
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    await model.start();
    platform = new PlatformUnderTest(
      {
        BOT_LLM_BASE_URL: model.baseUrl,
        BOT_LLM_MODEL: 'fake-model',
        BOT_LLM_TIMEOUT_MS: '1000',
        BOT_LLM_BUDGET_MS: '1500',
        BOT_LLM_BREAKER_FAILURES: '50',
        BOT_ANALYZER: 'auto',
        BOT_ANALYZER_TIMEOUT_MS: '1000',
      },
      ['knowledge', 'bot', 'router', 'gateway'],
    );
    await platform.start();
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await model.stop();
  });

  async function customerSays(
    text: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const response = await platform.customerSays(uniqueId('customer-'), text);
    expect(response.status).toBe(202);
    return (await response.json()) as { conversationId: string; messageId: string };
  }

  function analyzed(conversationId: string) {
    return eventually(() => {
      const [event] = platform.eventsOf('message.analyzed', conversationId);
      if (!event) throw new Error('no analysis yet');
      return event;
    });
  }

  function analysisRequestsFor(text: string): ChatRequest[] {
    return model.requests
      .filter((request) => request.path === '/v1/chat/completions')
      .map((request) => request.body as ChatRequest)
      .filter((body) => isAnalysis(body) && dataOf(body).customerMessage === text);
  }

  it("carries the model's anger on a message the rules call neutral, and the router escalates on it", async () => {
    const text = 'I want my money back today, my card was charged on Monday.';
    expect(analyzeMessage(text).sentiment.polarity).toBe('neutral');
    analysisAnswer = () => ({ content: JSON.stringify(angry) });
    const { conversationId, messageId } = await customerSays(text);
    expect((await analyzed(conversationId)).payload).toEqual({
      messageId,
      language: 'en',
      sentiment: angry.sentiment,
      emotions: angry.emotions,
      humanRequested: false,
      intent: null,
    });
    const [request] = analysisRequestsFor(text);
    expect(request).toMatchObject({
      model: 'fake-model',
      response_format: { type: 'json_object' },
    });
    expect(request!.messages).toHaveLength(2);
    const escalation = await eventually(() => {
      const [decided] = platform.eventsOf('escalation.decided', conversationId);
      if (!decided) throw new Error('no escalation yet');
      return decided;
    });
    expect(escalation.payload.reasons.map((reason) => reason.code)).toContain('NEGATIVE_SENTIMENT');
  });

  it("carries the rules' analysis when the model analyzer fails, and the bot still answers", async () => {
    const text = 'When will my card arrive? I ordered it last week.';
    analysisAnswer = () => ({ status: 500, error: 'down' });
    const { conversationId, messageId } = await customerSays(text);
    expect((await analyzed(conversationId)).payload).toEqual({
      messageId,
      ...analyzeMessage(text),
    });
    expect(analysisRequestsFor(text).length).toBeGreaterThan(1);
    await eventually(() =>
      expect(platform.eventsOf('bot.replied', conversationId)).toHaveLength(1),
    );
  });

  it('counts the analysis requests with the answers in the model usage', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const chatRequests = model.requests.filter((r) => r.path === '/v1/chat/completions').length;
    await eventually(async () => {
      const usage = await platform.call<ModelUsageResponse>(
        'bot',
        'GET',
        `/v1/usage/model?from=${today}&to=${today}`,
        platform.tokenAs('supervisor'),
      );
      expect(usage.body.days).toEqual([
        expect.objectContaining({ day: today, model: 'fake-model', requests: chatRequests }),
      ]);
    });
  });
});
