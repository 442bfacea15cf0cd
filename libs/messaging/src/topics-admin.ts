import type { Kafka } from 'kafkajs';
import { TOPICS, topicFor, type TopicName } from '@tandem/contracts';

export interface TopicSettings {
  prefix: string;
  replicationFactor: number;
  /** Retention of the conversation log; -1 keeps it forever. */
  retentionMs: number;
}

/** Creates the platform's topics if they are missing; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = (Object.keys(TOPICS) as TopicName[])
      .map((name) => ({ name, topic: topicFor(settings.prefix, name) }))
      .filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ name, topic }) => ({
        topic,
        numPartitions: TOPICS[name].partitions,
        replicationFactor: settings.replicationFactor,
        configEntries: [
          { name: 'retention.ms', value: String(settings.retentionMs) },
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'min.insync.replicas', value: String(Math.min(2, settings.replicationFactor)) },
        ],
      })),
    });
  } catch (error) {
    // Two services creating the same topic at once: the loser sees TOPIC_ALREADY_EXISTS.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  } finally {
    await admin.disconnect();
  }
}

/** Readiness: the cluster answers a metadata request. */
export async function pingKafka(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/** Deletes a deployment's topics (test runs and benchmarks clean up after themselves with it). */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = (Object.keys(TOPICS) as TopicName[])
      .map((name) => topicFor(prefix, name))
      .filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
