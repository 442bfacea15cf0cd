import { randomUUID } from 'node:crypto';
import { createEvent, type AnalyzeResponse, type PayloadOf } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

type Decided = PayloadOf<'escalation.decided'>;

/**
 * Every escalation reason not shown end to end elsewhere, against the real apps: customers
 * write through the gateway's webhook, the bot (rules analyzer, the demo knowledge base)
 * analyses and answers or defers, and the router decides under the tenant's policy. The
 * tests share one tenant and run in order; each writes the policy it needs first (a new
 * version, applied at once by the one router that took it) and checks that version decided.
 */
describe('escalation reasons end to end', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot', 'router']);
  let publisher: EventPublisher;

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform.stop();
  });

  /** Writes the tenant's next policy version; every field left out takes its default. */
  async function usePolicy(document: Record<string, unknown>): Promise<number> {
    const saved = await platform.call<{ version: number }>(
      'router',
      'PUT',
      '/v1/policies',
      platform.tokenAs('admin'),
      document,
    );
    expect(saved.status).toBe(200);
    return saved.body.version;
  }

  /** One customer message through the webhook, once the bot has answered or deferred it. */
  async function say(
    customer: string,
    text: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const response = await platform.customerSays(customer, text);
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { conversationId: string; messageId: string };
    await eventually(() => {
      const handled = [
        ...platform.eventsOf('bot.replied', accepted.conversationId),
        ...platform.eventsOf('bot.deferred', accepted.conversationId),
      ].filter((event) => event.payload.inReplyTo === accepted.messageId);
      expect(handled.length).toBeGreaterThan(0);
    });
    return accepted;
  }

  /** The conversation's one escalation, once the router has decided it. */
  async function decisionOf(conversationId: string): Promise<Decided> {
    const [decided] = await eventually(() => {
      const found = platform.eventsOf('escalation.decided', conversationId);
      expect(found).toHaveLength(1);
      return found;
    });
    return decided!.payload;
  }

  const codes = (decided: Decided) => decided.reasons.map((reason) => reason.code);

  it('EXPLICIT_REQUEST: asking for a person in Chinese or English escalates at once, high', async () => {
    const version = await usePolicy({});
    const cases = [
      { text: '转人工', language: 'zh' },
      { text: 'talk to a human', language: 'en' },
    ] as const;
    for (const { text, language } of cases) {
      const { conversationId } = await say(uniqueId('customer-'), text);
      const decided = await decisionOf(conversationId);
      expect({ text, reasons: codes(decided) }).toEqual({
        text,
        reasons: expect.arrayContaining(['EXPLICIT_REQUEST']) as unknown,
      });
      expect(decided).toMatchObject({ priority: 'high', policyVersion: version });
      expect(decided.skills).toContain(`lang:${language}`);
    }
  });

  it('NEGATIVE_SENTIMENT: one intensely angry message, as the offline rules read it, escalates high', async () => {
    const version = await usePolicy({});
    const text = 'This is unacceptable!! Where is my card?';
    const { conversationId } = await say(uniqueId('customer-'), text);
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('NEGATIVE_SENTIMENT');
    expect(decided).toMatchObject({
      priority: 'high',
      policyVersion: version,
      handoff: { lastSentiment: { polarity: 'negative' } },
    });
    expect(decided.handoff.lastSentiment!.intensity).toBeGreaterThanOrEqual(0.8);
  });

  it('SENTIMENT_WORSENING: two mildly negative messages bring the moving average down', async () => {
    const texts = [
      'I am not happy that my refund is not showing up.',
      'That did not help, I am disappointed.',
    ];
    // What the bot's rules read in each, exactly as message.analyzed will carry it: negative,
    // far from the single-message threshold (intensity 0.8); each scores −0.5.
    for (const text of texts) {
      const { status, body } = await platform.call<AnalyzeResponse>(
        'bot',
        'POST',
        '/v1/analyze',
        platform.tokenAs('supervisor'),
        { text },
      );
      expect(status).toBe(200);
      expect(body.sentiment).toMatchObject({ polarity: 'negative', score: -0.5 });
      expect(body.sentiment.intensity).toBeLessThan(0.8);
    }
    // A single negative message is not what escalates here: only the trend may.
    const version = await usePolicy({
      negativeSentiment: { enabled: false },
      sentimentWorsening: { averageAtMost: -0.4 },
    });
    const customer = uniqueId('customer-');
    const { conversationId } = await say(customer, texts[0]!);
    // One message is no trend (minTurns 2), even at −0.5.
    expect(platform.eventsOf('escalation.decided', conversationId)).toHaveLength(0);
    await say(customer, texts[1]!);
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('SENTIMENT_WORSENING');
    expect(codes(decided)).not.toContain('NEGATIVE_SENTIMENT');
    expect(decided).toMatchObject({ priority: 'normal', policyVersion: version });
  });

  it('LOW_CONFIDENCE: two answers in a row below the tenant’s threshold', async () => {
    const version = await usePolicy({ lowConfidence: { threshold: 0.99, consecutive: 2 } });
    const customer = uniqueId('customer-');
    const { conversationId } = await say(customer, 'How long does it take for my card to arrive?');
    expect(platform.eventsOf('escalation.decided', conversationId)).toHaveLength(0);
    await say(customer, 'How can I change the PIN of my card?');
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('LOW_CONFIDENCE');
    // Both were real answers (not deferrals), each below 0.99.
    const answers = decided.handoff.botAnswers ?? [];
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer.confidence).toBeLessThan(0.99);
    expect(decided.policyVersion).toBe(version);
  });

  it('LOOPING: the same question again', async () => {
    const version = await usePolicy({});
    const customer = uniqueId('customer-');
    const { conversationId } = await say(customer, 'When will my card arrive?');
    // The bot answered the first time; nothing to escalate yet.
    expect(platform.eventsOf('bot.replied', conversationId)).toHaveLength(1);
    expect(platform.eventsOf('escalation.decided', conversationId)).toHaveLength(0);
    await say(customer, 'When will my card arrive?');
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('LOOPING');
    expect(decided.policyVersion).toBe(version);
  });

  it('TOO_MANY_TURNS: the third ordinary message when the tenant allows three', async () => {
    const version = await usePolicy({ turns: { max: 3 } });
    const customer = uniqueId('customer-');
    const { conversationId } = await say(customer, 'When will my card arrive?');
    await say(customer, 'How do I change my PIN?');
    expect(platform.eventsOf('escalation.decided', conversationId)).toHaveLength(0);
    await say(customer, 'How long does a refund take?');
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('TOO_MANY_TURNS');
    expect(decided.policyVersion).toBe(version);
  });

  it('TOO_LONG: a customer who first wrote two minutes ago, with one minute allowed', async () => {
    const version = await usePolicy({ duration: { maxMinutes: 1 } });
    // The router's clock is the events' time and the policy's least duration is one minute, so
    // this case cannot go through the webhook (it stamps `receivedAt` now, and a test does not
    // wait a minute): the customer's messages are put on the log directly, the first one
    // back-dated. The customer is a real one of the gateway (so the router can seal the handoff
    // with their key); the bot analyses both and the router decides, as for any message. It
    // decides already on the first message's analysis: the bot writes it now, two minutes
    // after the message was received, and that is the router's clock.
    const first = await say(uniqueId('customer-'), 'Hello');
    const customerId = (await platform.received({ messageId: first.messageId })).payload.customer
      .id;
    const conversationId = randomUUID();
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
    const message = (text: string, at: Date) =>
      createEvent('message.received', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId,
        occurredAt: at,
        payload: {
          messageId: randomUUID(),
          channel: { id: platform.channelId, type: 'generic' },
          channelMessageId: randomUUID(),
          customer: { id: customerId, tier: 'standard' },
          text,
          attachments: [],
          receivedAt: at.toISOString(),
        },
      });
    await publisher.publish([
      message('When will my card arrive?', twoMinutesAgo),
      message('How do I change my PIN?', new Date()),
    ]);
    const decided = await decisionOf(conversationId);
    expect(codes(decided)).toContain('TOO_LONG');
    expect(decided.reasons.find((reason) => reason.code === 'TOO_LONG')?.detail).toMatch(
      /^2 minutes since the first message/,
    );
    expect(decided.policyVersion).toBe(version);
  });
});
