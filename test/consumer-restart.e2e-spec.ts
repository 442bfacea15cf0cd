import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEvent, type AnyEvent } from '@tandem/contracts';
import { EventPublisher } from '@tandem/messaging';
import { eventually } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

const MESSAGES = 300;
const QUESTIONS = [
  'When will my card arrive?',
  '退款多久到账',
  'Is there parking at your office?',
  '我想查询订单的物流状态',
];

/**
 * Crash a consuming app in the middle of a stream: after it comes back, every event was
 * handled exactly once in effect: each customer message got one analysis and one answer
 * or deferral (a re-published copy carries the same event id), none lost, none doubled.
 */
describe('the bot crashing in the middle of a stream of messages', () => {
  // The gateway is there as the holder of the customers' keys: the bot seals its answers.
  const platform = new PlatformUnderTest({}, ['knowledge', 'bot', 'gateway']);
  const customers = Array.from({ length: 25 }, () => randomUUID());
  let publisher: EventPublisher;

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO gateway.customers (id, tenant_id) SELECT unnest($1::uuid[]), $2`, [
      customers,
      platform.tenantId,
    ]);
    await db.end();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform.stop();
  });

  it('handles every message exactly once in effect across a SIGKILL and a restart', async () => {
    const messages: AnyEvent[] = Array.from({ length: MESSAGES }, (_, index) => {
      const messageId = randomUUID();
      return createEvent('message.received', {
        tenantId: platform.tenantId,
        aggregateId: `conversation-${index % 25}`,
        customerId: customers[index % 25]!,
        payload: {
          messageId,
          channel: { id: platform.channelId, type: 'generic' },
          channelMessageId: `m-${index}`,
          customer: { id: customers[index % 25]! },
          text: QUESTIONS[index % QUESTIONS.length]!,
          attachments: [],
          receivedAt: new Date().toISOString(),
        },
      });
    });
    await publisher.publish(messages);

    const analysedIds = () =>
      new Set(platform.eventsOf('message.analyzed').map((event) => event.payload.messageId));
    await eventually(() => expect(analysedIds().size).toBeGreaterThanOrEqual(20), {
      timeoutMs: 60_000,
      intervalMs: 10,
    });
    await platform.stopApp('bot', 'SIGKILL');
    const handledBeforeCrash = analysedIds().size;
    // The crash really happened mid-stream, or this test would prove nothing.
    expect(handledBeforeCrash).toBeLessThan(MESSAGES);

    await platform.startApp('bot');
    await eventually(() => expect(analysedIds().size).toBe(MESSAGES), {
      timeoutMs: 120_000,
      intervalMs: 200,
    });

    const expected = messages
      .map((event) => (event.type === 'message.received' ? event.payload.messageId : ''))
      .sort();
    const distinctIds = (events: AnyEvent[], messageIdOf: (event: AnyEvent) => string) => {
      const byMessage = new Map<string, Set<string>>();
      for (const event of events) {
        const ids = byMessage.get(messageIdOf(event)) ?? new Set<string>();
        ids.add(event.id);
        byMessage.set(messageIdOf(event), ids);
      }
      return byMessage;
    };
    const analyses = distinctIds(platform.eventsOf('message.analyzed'), (e) =>
      e.type === 'message.analyzed' ? e.payload.messageId : '',
    );
    await eventually(() => {
      const outcomes = distinctIds(
        [...platform.eventsOf('bot.replied'), ...platform.eventsOf('bot.deferred')],
        (e) => (e.type === 'bot.replied' || e.type === 'bot.deferred' ? e.payload.inReplyTo : ''),
      );
      expect([...outcomes.keys()].sort()).toEqual(expected);
      expect([...outcomes.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    });
    expect([...analyses.keys()].sort()).toEqual(expected);
    expect([...analyses.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  });
});
