import { randomUUID } from 'node:crypto';
import { createEvent, topicFor, type EventEnvelope } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { eventually, stackEnv, uniqueId } from '@tandem/testing';
import { ConsumerRunner } from './consumer-runner';
import { on } from './handlers';
import { createKafka } from './kafka';
import { EventPublisher } from './publisher';
import { TopicTap } from './topic-tap';
import { ensureTopics } from './topics-admin';

const logger = createLogger('messaging-int', 'silent');
const kafka = createKafka({
  brokers: stackEnv().KAFKA_BROKERS.split(','),
  clientId: 'messaging-int',
  logger,
});

function question(conversationId: string, text: string): EventEnvelope<'message.received'> {
  return createEvent('message.received', {
    tenantId: 't1',
    aggregateId: conversationId,
    payload: {
      messageId: randomUUID(),
      channel: { id: 'ch1', type: 'generic' },
      channelMessageId: randomUUID(),
      customer: { id: 'cu1' },
      text,
      attachments: [],
      receivedAt: new Date().toISOString(),
    },
  });
}

/** The consumer runner against the real broker: order, dead letters, retries. */
describe('ConsumerRunner on a real Kafka broker', () => {
  const prefix = uniqueId('int-');
  const publisher = new EventPublisher(kafka, { prefix, logger, sendTimeoutMs: 10_000 });
  const deadLetters = new TopicTap(kafka, [topicFor(prefix, 'deadLetter')]);
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, { prefix, replicationFactor: 1, retentionMs: 3_600_000 });
    await publisher.connect();
    await deadLetters.start();
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await deadLetters.stop();
    await publisher.disconnect();
  });

  function runner(
    groupId: string,
    handle: (event: EventEnvelope<'message.received'>) => Promise<void>,
  ): ConsumerRunner {
    const created = new ConsumerRunner(kafka, {
      groupId,
      prefix,
      subscriptions: ['message.received'],
      handlers: [on('message.received', handle)],
      publisher,
      logger,
      retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
      sessionTimeoutMs: 6_000,
    });
    runners.push(created);
    return created;
  }

  it('keeps one conversation’s events in order', async () => {
    const seen = new Map<string, string[]>();
    await runner(uniqueId('order-'), async (event) => {
      seen.set(event.aggregateId, [...(seen.get(event.aggregateId) ?? []), event.payload.text]);
    }).start();
    const conversations = ['c-a', 'c-b', 'c-c'];
    const events = Array.from({ length: 60 }, (_, index) =>
      question(conversations[index % 3]!, String(index)),
    );
    await publisher.publish(events);
    await eventually(() => expect([...seen.values()].flat()).toHaveLength(60));
    for (const [index, conversation] of conversations.entries()) {
      const expected = events.filter((_, i) => i % 3 === index).map((event) => event.payload.text);
      expect(seen.get(conversation)).toEqual(expected);
    }
  });

  it('retries a failing handler with backoff, then dead-letters the event with the reason', async () => {
    const attempts: number[] = [];
    const handled: string[] = [];
    const groupId = uniqueId('retry-');
    await runner(groupId, async (event) => {
      if (event.payload.text === 'poison') {
        attempts.push(Date.now());
        throw new Error('downstream refused');
      }
      handled.push(event.payload.text);
    }).start();
    const poison = question('c-poison', 'poison');
    await publisher.publish([poison, question('c-poison', 'after')]);
    // The partition is not blocked forever: the next event is handled once the poison is set aside.
    await eventually(() => expect(handled).toContain('after'));
    expect(attempts).toHaveLength(3);
    const dead = await eventually(() => {
      const record = deadLetters.records.find((r) => r.headers['dlt-group'] === groupId);
      expect(record).toBeDefined();
      return record!;
    });
    expect(dead.headers).toMatchObject({
      'dlt-code': 'HANDLER_FAILED',
      'dlt-reason': 'Error: downstream refused',
    });
    expect(JSON.parse(dead.value!).id).toBe(poison.id);
  });

  it('dead-letters a record that is not a valid event, and never hands it to a handler', async () => {
    const groupId = uniqueId('invalid-');
    const handled: string[] = [];
    // A new group reads the topic from the beginning: keep only this test's conversation.
    await runner(groupId, async (event) => {
      if (event.aggregateId === 'c-bad') handled.push(event.payload.text);
    }).start();
    const conversations = topicFor(prefix, 'conversations');
    const producer = kafka.producer();
    await producer.connect();
    const broken = { ...question('c-bad', 'x'), payload: { text: 'no messageId here' } };
    await producer.send({
      topic: conversations,
      messages: [
        { key: 'c-bad', value: '{"not json' },
        { key: 'c-bad', value: JSON.stringify(broken) },
        { key: 'c-bad', value: JSON.stringify(question('c-bad', 'fine')) },
      ],
    });
    await producer.disconnect();
    await eventually(() => expect(handled).toContain('fine'));
    const codes = await eventually(() => {
      const found = deadLetters.records
        .filter((r) => r.headers['dlt-group'] === groupId)
        .map((r) => r.headers['dlt-code']);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(codes.sort()).toEqual(['INVALID_PAYLOAD', 'MALFORMED_JSON']);
    expect(handled).toEqual(['fine']);
  });

  it('refuses to publish an event its schema rejects', () => {
    const invalid = { ...question('c1', 'x'), payload: { messageId: 'm' } } as never;
    expect(() => publisher.publish([invalid])).toThrow(/message.received/);
  });
});
