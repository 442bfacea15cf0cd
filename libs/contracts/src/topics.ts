/**
 * Topic registry. Every conversation event goes to one topic keyed by conversation id;
 * other aggregates have their own topics. Names get a deployment prefix so several
 * installations (or test runs) can share one broker.
 */
export const TOPICS = {
  conversations: { suffix: 'conversations.v1', partitions: 6 },
  articles: { suffix: 'articles.v1', partitions: 3 },
  customers: { suffix: 'customers.v1', partitions: 3 },
  agents: { suffix: 'agents.v1', partitions: 3 },
  deadLetter: { suffix: 'dead-letter.v1', partitions: 1 },
} as const;

export type TopicName = keyof typeof TOPICS;

export function topicFor(prefix: string, topic: TopicName): string {
  return `${prefix}.${TOPICS[topic].suffix}`;
}

export function allTopics(prefix: string): { topic: string; numPartitions: number }[] {
  return (Object.keys(TOPICS) as TopicName[]).map((name) => ({
    topic: topicFor(prefix, name),
    numPartitions: TOPICS[name].partitions,
  }));
}
