import { createEvent, topicFor } from '@tandem/contracts';
import { createKafka, EventPublisher, TopicTap } from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  stackEnv,
  uniqueId,
} from '@tandem/testing';
import { DataSource } from 'typeorm';
import { appDataSourceOptions, migrate } from './data-source';
import { OUTBOX_MIGRATIONS } from './outbox.migration';
import { OutboxRecord, ProcessedEvent } from './outbox.entity';
import { OutboxRelay } from './outbox-relay';
import { UnitOfWork } from './unit-of-work';

const logger = createLogger('persistence-int', 'silent');

/** The outbox and the inbox against real Postgres and Kafka. */
describe('UnitOfWork with the outbox relay', () => {
  const prefix = uniqueId('int-');
  const kafka = createKafka({
    brokers: stackEnv().KAFKA_BROKERS.split(','),
    clientId: 'persistence-int',
    logger,
  });
  const publisher = new EventPublisher(kafka, { prefix, logger, sendTimeoutMs: 10_000 });
  const tap = new TopicTap(kafka, [topicFor(prefix, 'conversations')]);
  let databaseUrl = '';
  let dataSource: DataSource;
  let relay: OutboxRelay;
  let unitOfWork: UnitOfWork;

  const resolved = (conversationId: string) =>
    createEvent('conversation.resolved', {
      tenantId: 't1',
      aggregateId: conversationId,
      payload: { agentId: 'a1', wrapUpCode: 'done', note: '' },
    });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema: 'uow',
        entities: [OutboxRecord, ProcessedEvent],
        migrations: OUTBOX_MIGRATIONS,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, 'uow');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: topicFor(prefix, 'conversations'), numPartitions: 1 }],
    });
    await admin.disconnect();
    await publisher.connect();
    await tap.start();
    relay = new OutboxRelay(dataSource, publisher, { schema: 'uow', pollMs: 50, logger });
    unitOfWork = new UnitOfWork(dataSource, 'uow', relay);
  });
  afterAll(async () => {
    await relay.stop();
    await tap.stop();
    await publisher.disconnect();
    await dataSource.destroy();
    await dropTestDatabase(databaseUrl);
  });

  it('publishes what a committed transaction emitted, and nothing of a rolled-back one', async () => {
    relay.start();
    const kept = resolved('c-kept');
    await unitOfWork.run(async (tx) => tx.emit(kept));
    await expect(
      unitOfWork.run(async (tx) => {
        tx.emit(resolved('c-rolled-back'));
        throw new Error('business rule said no');
      }),
    ).rejects.toThrow('business rule said no');
    await eventually(() => expect(tap.events().map((event) => event.id)).toContain(kept.id));
    expect(tap.events().map((event) => event.aggregateId)).not.toContain('c-rolled-back');
    await eventually(async () =>
      expect(await dataSource.getRepository(OutboxRecord).count()).toBe(0),
    );
  });

  it('runs a consumed event’s work once, however often it is delivered', async () => {
    const event = resolved('c-once');
    let runs = 0;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        unitOfWork.handleOnce('int-consumer', event, async () => {
          runs += 1;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await unitOfWork.handleOnce('another-consumer', event, async () => undefined)).toBe(
      true,
    );
  });

  it('publishes a transaction that took an earlier seq but committed after a later one went out', async () => {
    await relay.stop();
    // A takes the lower seq but commits last; B is published in between.
    let commitA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (commitA = resolve));
    const first = resolved('c-slow');
    const second = resolved('c-fast');
    const slow = unitOfWork.run(async (tx) => {
      // Written by hand so that A takes its seq now, before B's.
      await tx.manager.query(`INSERT INTO uow.outbox (event_id, event) VALUES ($1, $2::jsonb)`, [
        first.id,
        JSON.stringify(first),
      ]);
      await aMayCommit;
    });
    await eventually(async () => {
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM pg_stat_activity WHERE state = 'idle in transaction'`,
      );
      expect(count).toBeGreaterThan(0);
    });
    await unitOfWork.run(async (tx) => tx.emit(second));
    expect(await relay.flush()).toBe(1);
    commitA();
    await slow;
    expect(await relay.flush()).toBe(1);
    await eventually(() =>
      expect(tap.events().map((event) => event.id)).toEqual(
        expect.arrayContaining([first.id, second.id]),
      ),
    );
  });
});
