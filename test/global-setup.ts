import type { StartedTestContainer } from 'testcontainers';

declare global {
  var __TANDEM_CONTAINERS__: StartedTestContainer[] | undefined;
}

/**
 * Where a Docker engine exists (TANDEM_TESTCONTAINERS=1, decided by scripts/with-stack.sh),
 * start Kafka, Postgres and Redis in containers; otherwise the stack script already did.
 * Either way the tests read the same three variables.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TANDEM_TESTCONTAINERS !== '1') return;
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [kafka, postgres, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.8.0').withKraft().start(),
    new PostgreSqlContainer('postgres:15')
      .withUsername('tandem')
      .withPassword('tandem')
      .withDatabase('tandem')
      .start(),
    new RedisContainer('redis:7').start(),
  ]);
  await postgres.exec([
    'psql',
    '-U',
    'tandem',
    '-d',
    'template1',
    '-c',
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  ]);
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.DATABASE_URL = postgres.getConnectionUri();
  process.env.REDIS_URL = redis.getConnectionUrl();
  globalThis.__TANDEM_CONTAINERS__ = [kafka, postgres, redis];
}
