import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { TokenService } from '@tandem/auth';
import { createEvent, topicFor } from '@tandem/contracts';
import { createKafka, EventPublisher, TopicTap } from '@tandem/messaging';
import { createLogger, Metrics } from '@tandem/observability';
import {
  appDataSourceOptions,
  migrate,
  OUTBOX_MIGRATIONS,
  OutboxRecord,
  OutboxRelay,
  ProcessedEvent,
  retryOutboxDeadLetters,
  UnitOfWork,
} from '@tandem/persistence';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  stackEnv,
  uniqueId,
} from '@tandem/testing';
import { remoteKeyring } from './remote-keyring';

/** How the stand-in gateway answers for one customer's key. */
type KeyAnswer = 'key' | 'unknown' | 'no-answer' | 'unavailable';

/**
 * The outbox relay against real Postgres and Kafka, sealing with the real remote keyring
 * over HTTP. The gateway's key endpoint is a stand-in HTTP server whose answer per customer
 * the test sets: a key, 404 GATEWAY.CUSTOMER_NOT_FOUND, a dropped connection or 503.
 */
describe('OutboxRelay dead letters', () => {
  const schema = 'deadletters';
  const prefix = uniqueId('int-');
  const tenantId = uniqueId('t');
  const kafka = createKafka({
    brokers: stackEnv().KAFKA_BROKERS.split(','),
    clientId: 'outbox-dead-letters-int',
    logger: createLogger('outbox-int', 'silent'),
  });
  const answers = new Map<string, KeyAnswer>();
  const keys = new Map<string, string>();
  const keyRequests = new Map<string, number>();
  const logLines: { level: number; msg: string; [field: string]: unknown }[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void logLines.push(JSON.parse(line)) },
  );
  const metrics = new Metrics('outbox-int');
  let gateway: Server;
  let databaseUrl = '';
  let dataSource: DataSource;
  let publisher: EventPublisher;
  let tap: TopicTap;
  let relay: OutboxRelay;
  let unitOfWork: UnitOfWork;

  const customer = (answer: KeyAnswer): string => {
    const id = randomUUID();
    answers.set(id, answer);
    keys.set(id, randomBytes(32).toString('base64'));
    return id;
  };
  const resolved = (conversationId: string, customerId: string, note: string) =>
    createEvent('conversation.resolved', {
      tenantId,
      aggregateId: conversationId,
      customerId,
      payload: { agentId: 'a1', wrapUpCode: 'done', note },
    });
  const publishedIds = () => tap.events().map((event) => event.id);
  const outboxRow = async (eventId: string) =>
    dataSource.getRepository(OutboxRecord).findOneBy({ eventId });

  beforeAll(async () => {
    gateway = createServer((request, response) => {
      const customerId = decodeURIComponent(request.url?.split('/').pop() ?? '');
      keyRequests.set(customerId, (keyRequests.get(customerId) ?? 0) + 1);
      const answer = answers.get(customerId) ?? 'unknown';
      if (answer === 'no-answer') return void request.socket.destroy();
      const [status, body] =
        answer === 'key'
          ? [200, { key: keys.get(customerId) }]
          : answer === 'unknown'
            ? [404, { status: 404, code: 'GATEWAY.CUSTOMER_NOT_FOUND', detail: 'No customer.' }]
            : [503, { status: 503, code: 'SERVICE.UNAVAILABLE', detail: 'Try again.' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    const keyringFor = (service: string) =>
      remoteKeyring({
        tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'tandem' }),
        config: { GATEWAY_URL: `http://127.0.0.1:${port}`, CUSTOMER_KEY_CACHE_MS: 60_000 },
        service,
      });

    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema,
        entities: [OutboxRecord, ProcessedEvent],
        migrations: OUTBOX_MIGRATIONS,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, schema);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: topicFor(prefix, 'conversations'), numPartitions: 1 }],
    });
    await admin.disconnect();
    publisher = new EventPublisher(kafka, {
      prefix,
      logger,
      sendTimeoutMs: 10_000,
      keyring: keyringFor('relay'),
    });
    await publisher.connect();
    // The tap opens sealed fields like a consuming service would.
    tap = new TopicTap(kafka, [topicFor(prefix, 'conversations')], keyringFor('tap'));
    await tap.start();
    relay = new OutboxRelay(dataSource, publisher, { schema, pollMs: 50, logger, metrics });
    unitOfWork = new UnitOfWork(dataSource, schema, relay);
    relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    await tap.stop();
    await publisher.disconnect();
    await dataSource.destroy();
    await dropTestDatabase(databaseUrl);
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('dead-letters an event whose customer the gateway does not know, and an invalid one; the events behind them go out', async () => {
    const known = customer('key');
    const stranger = customer('unknown');
    const poison = resolved('c-poison', stranger, 'a note about a stranger');
    const sameConversation = resolved('c-poison', known, 'after the poison, same conversation');
    const otherConversation = resolved('c-other', known, 'another conversation');
    // Written by hand: an event that fails its schema (no agentId) never passes UnitOfWork.
    const invalidId = randomUUID();
    await unitOfWork.run(async (tx) => {
      tx.emit(poison);
      await tx.manager.query(
        `INSERT INTO "${schema}".outbox (event_id, event) VALUES ($1, $2::jsonb)`,
        [
          invalidId,
          JSON.stringify({ ...resolved('c-invalid', known, ''), id: invalidId, payload: {} }),
        ],
      );
      tx.emit(sameConversation, otherConversation);
    });

    await eventually(() =>
      expect(publishedIds()).toEqual(
        expect.arrayContaining([sameConversation.id, otherConversation.id]),
      ),
    );
    expect(publishedIds()).not.toContain(poison.id);
    const opened = tap.events().find((event) => event.id === otherConversation.id);
    expect(opened?.type === 'conversation.resolved' && opened.payload.note).toBe(
      'another conversation',
    );
    expect(tap.records.some((record) => record.value?.includes('another conversation'))).toBe(
      false,
    );

    // Kafka acknowledges before the relay's transaction commits: wait for the commit.
    await eventually(async () => {
      const poisonRow = await outboxRow(poison.id);
      expect(poisonRow).toMatchObject({ attempts: 1, deadLetteredAt: expect.any(Date) });
      expect(poisonRow?.lastError).toMatch(/^UNKNOWN_CUSTOMER_KEY: /);
      const invalidRow = await outboxRow(invalidId);
      expect(invalidRow).toMatchObject({ attempts: 1, deadLetteredAt: expect.any(Date) });
      expect(invalidRow?.lastError).toMatch(/^INVALID_PAYLOAD: /);
    });
    expect(await dataSource.getRepository(OutboxRecord).count()).toBe(2);

    const deadLogs = logLines.filter((line) => line.msg.startsWith('outbox event dead-lettered'));
    expect(deadLogs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 50,
          eventId: poison.id,
          eventType: 'conversation.resolved',
          aggregateId: 'c-poison',
          code: 'UNKNOWN_CUSTOMER_KEY',
        }),
        expect.objectContaining({ level: 50, eventId: invalidId, code: 'INVALID_PAYLOAD' }),
      ]),
    );
    expect((await metrics.outboxDeadLettered.get()).values).toEqual([
      expect.objectContaining({ labels: { type: 'conversation.resolved' }, value: 2 }),
    ]);
    expect((await metrics.outboxDeadLetters.get()).values[0]?.value).toBe(2);
    expect(await metrics.registry.metrics()).toMatch(/^tandem_outbox_dead_letters\{[^}]*\} 2$/m);

    // The operator path: the gateway learns the customer, the dead letters are put back.
    answers.set(stranger, 'key');
    // In outbox order: the hand-written row took its seq before the emitted events did.
    expect(await retryOutboxDeadLetters(dataSource, schema, 'all')).toEqual([invalidId, poison.id]);
    await eventually(() => expect(publishedIds()).toContain(poison.id));
    // Still invalid: dead-lettered again, with a second attempt counted.
    await eventually(async () =>
      expect(await outboxRow(invalidId)).toMatchObject({
        attempts: 2,
        deadLetteredAt: expect.any(Date),
      }),
    );
    await eventually(async () => expect(await outboxRow(poison.id)).toBeNull());
    expect((await metrics.outboxDeadLetters.get()).values[0]?.value).toBe(1);
  });

  it('retries an event while the key endpoint does not answer or answers 503, and publishes it, in order, once it recovers', async () => {
    const flaky = customer('no-answer');
    const known = customer('key');
    const first = resolved('c-flaky', flaky, 'first, waiting for its key');
    const behind = resolved('c-behind', known, 'written after the waiting one');
    await unitOfWork.run(async (tx) => tx.emit(first, behind));

    // Dropped connections, then 503s: every attempt is counted, nothing is dead-lettered,
    // and the event written after it does not overtake it.
    await eventually(async () =>
      expect((await outboxRow(first.id))?.attempts).toBeGreaterThanOrEqual(2),
    );
    answers.set(flaky, 'unavailable');
    const requestsBefore = keyRequests.get(flaky) ?? 0;
    await eventually(async () => {
      expect(keyRequests.get(flaky) ?? 0).toBeGreaterThanOrEqual(requestsBefore + 2);
      expect((await outboxRow(first.id))?.lastError).toMatch(/^TRANSIENT: .*503/);
    });
    const waiting = await outboxRow(first.id);
    expect(waiting?.deadLetteredAt).toBeNull();
    expect(await outboxRow(behind.id)).not.toBeNull();
    expect(publishedIds()).not.toContain(first.id);
    expect(publishedIds()).not.toContain(behind.id);

    answers.set(flaky, 'key');
    await eventually(() =>
      expect(publishedIds()).toEqual(expect.arrayContaining([first.id, behind.id])),
    );
    const order = publishedIds();
    expect(order.indexOf(first.id)).toBeLessThan(order.indexOf(behind.id));
    await eventually(async () => {
      expect(await outboxRow(first.id)).toBeNull();
      expect(await outboxRow(behind.id)).toBeNull();
    });
    expect(
      logLines.filter(
        (line) => line.msg.startsWith('outbox event dead-lettered') && line.eventId === first.id,
      ),
    ).toEqual([]);
  });
});
