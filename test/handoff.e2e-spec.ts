import { eventually, FakeOpenAiServer, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * What the agent receives when the bot steps aside: the customer across channels, what was
 * detected, the bot's answers with their sources and confidence, the reasons; the extractive
 * summary at once and the model's right after, which the desk then shows.
 */
describe('the handoff context', () => {
  const model = new FakeOpenAiServer(() => ({
    content: JSON.stringify({
      summary: 'Asked when the card arrives, got the delivery article, then wanted a person.',
    }),
  }));
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    await model.start();
    platform = new PlatformUnderTest(
      { ROUTER_LLM_BASE_URL: model.baseUrl, ROUTER_LLM_TIMEOUT_MS: '3000' },
      ['gateway', 'knowledge', 'bot', 'router', 'agent-desk'],
    );
    await platform.start();
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await model.stop();
  });

  it('carries the profile, the bot’s answers and sources, the reasons, and the model’s summary after', async () => {
    const customer = uniqueId('customer-');
    const first = await platform.customerSays(customer, 'When will my card arrive?');
    const { conversationId } = (await first.json()) as { conversationId: string };
    await eventually(() =>
      expect(platform.eventsOf('bot.replied', conversationId)).toHaveLength(1),
    );
    await platform.customerSays(customer, '转人工');

    const escalation = await eventually(() => {
      const [found] = platform.eventsOf('escalation.decided', conversationId);
      if (!found) throw new Error('not escalated yet');
      return found;
    });
    const [reply] = platform.eventsOf('bot.replied', conversationId);
    expect(escalation.payload.reasons.map((reason) => reason.code)).toContain('EXPLICIT_REQUEST');
    expect(escalation.payload.handoff).toMatchObject({
      summarySource: 'extractive',
      customer: {
        tier: 'standard',
        conversations: [{ id: conversationId, status: 'open' }],
      },
      botAnswers: [
        {
          replyId: reply!.payload.replyId,
          confidence: reply!.payload.confidence,
          sources: [{ title: 'When will my card arrive?' }],
        },
      ],
      deferrals: [],
      language: 'zh',
    });
    expect(escalation.payload.handoff.transcript.map((entry) => entry.role)).toEqual([
      'customer',
      'bot',
      'customer',
    ]);

    const summarized = await eventually(() => {
      const [found] = platform.eventsOf('handoff.summarized', conversationId);
      if (!found) throw new Error('no model summary yet');
      return found;
    });
    expect(summarized.payload).toEqual({
      decisionId: escalation.payload.decisionId,
      summary: 'Asked when the card arrives, got the delivery article, then wanted a person.',
    });
    await eventually(async () => {
      const view = await platform.call<{ handoff: { summary: string; summarySource: string } }>(
        'agent-desk',
        'GET',
        `/v1/conversations/${conversationId}`,
        platform.tokenAs('supervisor'),
      );
      expect(view.body.handoff).toMatchObject({
        summary: summarized.payload.summary,
        summarySource: 'model',
      });
    });
  });
});
