export * from './data-source';
export * from './outbox.entity';
export * from './outbox.migration';
export * from './outbox-dead-letters';
export * from './outbox-failure';
export * from './outbox-relay';
export * from './unit-of-work';
