import { createEvent, topicFor } from '@tandem/contracts';
import { EventPublisher, TopicTap } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * Replies on their way out: delivered in order, retried with backoff when the channel
 * fails or hangs, and after the cap reported as failed (with the reason) and dead-lettered.
 */
describe('delivering replies to the channel', () => {
  const platform = new PlatformUnderTest(
    { DELIVERY_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '100', DELIVERY_TIMEOUT_MS: '500' },
    ['gateway'],
  );
  let publisher: EventPublisher;
  let deadLetters: TopicTap;

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
    deadLetters = new TopicTap(platform.kafka(), [topicFor(platform.topicPrefix, 'deadLetter')]);
    await deadLetters.start();
  }, 120_000);
  afterAll(async () => {
    await deadLetters?.stop();
    await publisher?.disconnect();
    await platform.stop();
  });

  async function conversation(): Promise<string> {
    const response = await platform.customerSays(uniqueId('customer-'), 'hello');
    return ((await response.json()) as { conversationId: string }).conversationId;
  }

  function agentReply(conversationId: string, text: string) {
    return createEvent('agent.replied', {
      tenantId: platform.tenantId,
      aggregateId: conversationId,
      payload: { replyId: uniqueId('reply-'), agentId: 'agent-1', text },
    });
  }

  it('delivers a conversation’s replies in the order they were written, with an idempotency key', async () => {
    const conversationId = await conversation();
    const replies = ['one', 'two', 'three', 'four', 'five'].map((text) =>
      agentReply(conversationId, text),
    );
    await publisher.publish(replies);
    await eventually(() =>
      expect(
        platform.deliveries.filter((d) => d.conversationId === conversationId).map((d) => d.text),
      ).toEqual(['one', 'two', 'three', 'four', 'five']),
    );
    const keys = platform.attempts
      .filter((a) => replies.some((r) => r.payload.replyId === a.replyId))
      .map((a) => a.idempotencyKey);
    expect(keys).toEqual(replies.map((r) => r.payload.replyId));
  });

  it('retries a failing channel with growing pauses, and succeeds when it recovers', async () => {
    const conversationId = await conversation();
    let calls = 0;
    platform.callbackBehaviour = () => (++calls < 3 ? 500 : 200);
    const reply = agentReply(conversationId, 'after two failures');
    await publisher.publish([reply]);
    const delivered = await eventually(() => {
      const events = platform.eventsOf('delivery.succeeded', conversationId);
      expect(events).toHaveLength(1);
      return events[0]!;
    });
    expect(delivered.payload.attempts).toBe(3);
    const times = platform.attempts
      .filter((a) => a.replyId === reply.payload.replyId)
      .map((a) => a.at);
    expect(times).toHaveLength(3);
    expect(times[2]! - times[1]!).toBeGreaterThan(times[1]! - times[0]!);
    platform.callbackBehaviour = () => 200;
  });

  it.each([
    ['keeps answering 500', () => 500 as const, /callback answered 500/],
    ['never answers', () => 'hang' as const, /did not answer in 500 ms/],
    ['refuses it for good (404, not retried)', () => 404 as const, /callback answered 404/],
  ])(
    'after the cap, a channel that %s gets delivery.failed with the reason, and a dead letter',
    async (_case, behaviour, reason) => {
      const conversationId = await conversation();
      platform.callbackBehaviour = behaviour;
      const reply = agentReply(conversationId, 'will not arrive');
      await publisher.publish([reply]);
      const failed = await eventually(
        () => {
          const events = platform.eventsOf('delivery.failed', conversationId);
          expect(events).toHaveLength(1);
          return events[0]!;
        },
        { timeoutMs: 20_000 },
      );
      expect(failed.payload.reason).toMatch(reason);
      expect(failed.payload.attempts).toBe(behaviour() === 404 ? 1 : 3);
      await eventually(() => {
        const dead = deadLetters.records.find((record) =>
          record.value?.includes(reply.payload.replyId),
        );
        expect(dead?.headers['dlt-code']).toBe('DELIVERY_FAILED');
      });
      platform.callbackBehaviour = () => 200;
    },
  );
});
