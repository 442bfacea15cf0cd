import type { AnalyzeResponse } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * A tenant's topics: set in the bot, reported as each message's intent, and acted on by the
 * router's topic rules — here legal threats straight to a legal queue from the first message.
 */
describe('topics', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot', 'router']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  const topics = {
    topics: [
      { name: 'legal', keywords: ['lawyer', 'sue', 'court', '律师', '起诉'] },
      { name: 'billing', keywords: ['invoice', 'charged', '发票', '扣款'] },
    ],
  };

  it('supervisors set them, agents read them, bad ones are refused; the analysis reports the intent', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const saved = await platform.call('bot', 'PUT', '/v1/topics', supervisor, topics);
    expect(saved).toMatchObject({ status: 200, body: topics });
    expect(
      (await platform.call('bot', 'GET', '/v1/topics', platform.tokenAs('agent'))).body,
    ).toEqual(topics);
    expect(
      (await platform.call('bot', 'PUT', '/v1/topics', platform.tokenAs('agent'), topics)).status,
    ).toBe(403);
    const twice = await platform.call<{ code: string }>('bot', 'PUT', '/v1/topics', supervisor, {
      topics: [topics.topics[0], topics.topics[0]],
    });
    expect(twice).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID_BODY' } });

    const analyze = (text: string) =>
      platform.call<AnalyzeResponse>('bot', 'POST', '/v1/analyze', supervisor, { text });
    expect((await analyze('My lawyer will contact you, I am going to sue')).body.intent).toBe(
      'legal',
    );
    expect((await analyze('我要起诉你们')).body.intent).toBe('legal');
    expect((await analyze('When will my card arrive?')).body.intent).toBeNull();
  });

  it('a topic rule sends the conversation to its queue, with its skills, from the first message', async () => {
    const policy = await platform.call('router', 'PUT', '/v1/policies', platform.tokenAs('admin'), {
      topics: [
        {
          intents: ['legal'],
          immediate: true,
          queue: 'legal',
          skills: ['legal'],
          priority: 'high',
        },
      ],
    });
    expect(policy.status).toBe(200);
    const response = await platform.customerSays(
      uniqueId('customer-'),
      'I will sue you, my lawyer is ready',
    );
    const { conversationId } = (await response.json()) as { conversationId: string };
    const escalation = await eventually(() => {
      const [found] = platform.eventsOf('escalation.decided', conversationId);
      if (!found) throw new Error('not escalated yet');
      return found;
    });
    expect(escalation.payload.reasons.map((reason) => reason.code)).toContain('TOPIC_RULE');
    expect(escalation.payload).toMatchObject({
      queue: 'legal',
      priority: 'high',
      policyVersion: 2,
    });
    expect(escalation.payload.skills).toContain('legal');
    const [analyzed] = platform.eventsOf('message.analyzed', conversationId);
    expect(analyzed!.payload.intent).toBe('legal');
  });
});
