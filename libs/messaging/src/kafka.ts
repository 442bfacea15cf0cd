import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@tandem/observability';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** The platform's Kafka client; kafkajs's own logs go through the structured logger. */
export function createKafka(settings: KafkaSettings): Kafka {
  const logger = settings.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        // The connection churn of a broker restart is expected and retried; keep it quiet.
        const method = levels[level] ?? 'info';
        logger[method]({ kafka: rest }, message);
      },
  });
}
