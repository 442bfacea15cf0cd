import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import type { Kafka } from '@tandem/messaging';

/**
 * A bench's own consumer of one topic, from its beginning, in a throwaway group: resolves once
 * it has joined (so nothing published after is missed); the caller disconnects it.
 */
export async function watchTopic(
  kafka: Kafka,
  topic: string,
  groupPrefix: string,
  onMessage: (message: KafkaMessage) => void,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `${groupPrefix}-${randomUUID()}`,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      onMessage(message);
      await Promise.resolve();
    },
  });
  await ready;
  return consumer;
}
