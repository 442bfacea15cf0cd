export * from './kafka';
export * from './topics-admin';
export * from './publisher';
export * from './handlers';
export * from './consumer-runner';
export type { Kafka } from 'kafkajs';
export * from './topic-tap';
export * from './log-reader';
export * from './personal-data';
