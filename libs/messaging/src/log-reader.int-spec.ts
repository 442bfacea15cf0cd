import { randomUUID } from 'node:crypto';
import { createEvent, topicFor, type AnyEvent, type EventEnvelope } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { stackEnv, uniqueId } from '@tandem/testing';
import { createKafka } from './kafka';
import { LogReader, type LogReadProgress } from './log-reader';
import { EventPublisher } from './publisher';
import { ensureTopics } from './topics-admin';

const logger = createLogger('log-reader-int', 'silent');
const kafka = createKafka({
  brokers: stackEnv().KAFKA_BROKERS.split(','),
  clientId: 'log-reader-int',
  logger,
});

function said(
  tenantId: string,
  conversationId: string,
  text: string,
): EventEnvelope<'message.received'> {
  return createEvent('message.received', {
    tenantId,
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

/** Reading a topic from its beginning to where it ended, against the real broker. */
describe('LogReader on a real Kafka broker', () => {
  const prefix = uniqueId('int-');
  const topic = topicFor(prefix, 'conversations');
  const publisher = new EventPublisher(kafka, { prefix, logger, sendTimeoutMs: 10_000 });

  beforeAll(async () => {
    await ensureTopics(kafka, { prefix, replicationFactor: 1, retentionMs: 3_600_000 });
    await publisher.connect();
  });
  afterAll(() => publisher.disconnect());

  it('hands over every event once, each conversation in order, then stops; only the tenant asked for', async () => {
    const conversations = Array.from({ length: 20 }, () => randomUUID());
    const events = conversations.flatMap((id) =>
      [1, 2, 3].map((turn) =>
        said(turn === 2 && id === conversations[0] ? 't2' : 't1', id, `turn ${turn}`),
      ),
    );
    await publisher.publish(events);

    const seen: AnyEvent[] = [];
    const progress: LogReadProgress[] = [];
    const result = await new LogReader(kafka).read([topic], (event) => void seen.push(event), {
      tenantId: 't1',
      onProgress: (step) => progress.push(step),
    });

    expect(result).toEqual({ events: 59, skipped: 1 });
    expect(new Set(seen.map((event) => event.id)).size).toBe(59);
    for (const id of conversations.slice(1)) {
      const texts = seen
        .filter((event) => event.aggregateId === id)
        .map((event) => (event.type === 'message.received' ? event.payload.text : ''));
      expect(texts).toEqual(['turn 1', 'turn 2', 'turn 3']);
    }
    expect(progress.at(-1)).toEqual({ read: 60, total: 60 });

    // Events published after a read began are not waited for; a second read sees them.
    await publisher.publish([said('t1', conversations[1]!, 'turn 4')]);
    const again = await new LogReader(kafka).read([topic], () => undefined);
    expect(again).toEqual({ events: 61, skipped: 0 });
  });

  it('returns at once from an empty topic', async () => {
    const empty = uniqueId('int-');
    await ensureTopics(kafka, { prefix: empty, replicationFactor: 1, retentionMs: 3_600_000 });
    expect(
      await new LogReader(kafka).read([topicFor(empty, 'conversations')], () => undefined),
    ).toEqual({
      events: 0,
      skipped: 0,
    });
  });
});
