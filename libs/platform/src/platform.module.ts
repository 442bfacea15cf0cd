import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModuleRef } from '@nestjs/core';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiKeyStore, TokenService } from '@tandem/auth';
import type { BaseConfig } from '@tandem/config';
import {
  createKafka,
  ensureTopics,
  EventPublisher,
  type CustomerKeyring,
  pingKafka,
  type ConsumerRunner,
  type Kafka,
} from '@tandem/messaging';
import { createLogger, Metrics, type HealthCheck, type Logger } from '@tandem/observability';
import {
  appDataSourceOptions,
  type EntityClass,
  type MigrationClass,
  migrate,
  OutboxRecord,
  OutboxRelay,
  ProcessedEvent,
  UnitOfWork,
} from '@tandem/persistence';
import { AuthGuard } from './auth';
import { createConsumerRunner, type EventConsumer } from './consumer-host';
import { HealthController } from './health.controller';
import { ProblemFilter } from './problem';
import { ServiceClient } from './service-client';
import { remoteKeyring } from './remote-keyring';
import {
  APP_CONFIG,
  CUSTOMER_KEYRING,
  EVENT_CONSUMER,
  HEALTH_CHECKS,
  KAFKA,
  LOGGER,
  REDIS,
} from './tokens';

export interface PlatformOptions {
  /** The app's name: log and metric label, Kafka client id, consumer group prefix. */
  service: string;
  /** The Postgres schema the app owns. */
  schema: string;
  config: BaseConfig;
  entities: EntityClass[];
  migrations: MigrationClass[];
  /** Kafka topic retention (ms) used when this app creates the topics. */
  topicRetentionMs?: number;
  replicationFactor?: number;
  /** Where customers' keys come from; the default asks the gateway (which holds them). */
  keyring?: (deps: {
    dataSource: DataSource;
    tokens: TokenService;
    config: BaseConfig;
    service: string;
  }) => CustomerKeyring;
}

const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/** Starts and stops what every app shares, in order: topics, producer, outbox relay, consumer. */
@Injectable()
export class PlatformLifecycle
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private runners: ConsumerRunner[] = [];

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: Metrics,
    private readonly publisher: EventPublisher,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(CUSTOMER_KEYRING) private readonly keyring: CustomerKeyring,
  ) {}

  get consumerHealthy(): boolean {
    return this.runners.every((runner) => runner.isHealthy);
  }

  get hasConsumer(): boolean {
    return this.runners.length > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this.options;
    await ensureTopics(this.kafka, {
      prefix: config.KAFKA_TOPIC_PREFIX,
      replicationFactor: this.options.replicationFactor ?? config.KAFKA_REPLICATION_FACTOR,
      retentionMs: this.options.topicRetentionMs ?? 365 * 24 * 3_600_000,
    });
    await this.publisher.connect();
    this.relay.start();
    for (const consumer of this.findConsumers()) {
      const runner = createConsumerRunner(this.kafka, consumer, {
        prefix: config.KAFKA_TOPIC_PREFIX,
        publisher: this.publisher,
        logger: this.logger,
        metrics: this.metrics,
        keyring: this.keyring,
      });
      this.runners.push(runner);
      await runner.start();
    }
    this.logger.info(
      { schema: this.options.schema, consumers: this.runners.length },
      'platform started',
    );
  }

  /** Stop taking new events first; in-flight handlers finish. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.redis.disconnect();
    this.logger.info('platform stopped');
  }

  /**
   * The app's consumers: EVENT_CONSUMER is one consumer or a list of them, each its own
   * group (a projection that can be rebuilt alone by resetting its group).
   */
  private findConsumers(): EventConsumer[] {
    let found: EventConsumer | EventConsumer[];
    try {
      found = this.moduleRef.get<EventConsumer | EventConsumer[]>(EVENT_CONSUMER, {
        strict: false,
      });
    } catch {
      return [];
    }
    return Array.isArray(found) ? found : [found];
  }
}

@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, service, schema } = options;
    const logger = createLogger(service, config.LOG_LEVEL);
    const metrics = new Metrics(service);
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: metrics },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              brokers: config.KAFKA_BROKERS,
              clientId: config.KAFKA_CLIENT_ID ?? service,
              logger,
            }),
        },
        {
          provide: EventPublisher,
          useFactory: (kafka: Kafka, keyring: CustomerKeyring) =>
            new EventPublisher(kafka, {
              prefix: config.KAFKA_TOPIC_PREFIX,
              logger: logger.child({ component: 'publisher' }),
              metrics,
              sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS,
              keyring,
            }),
          inject: [KAFKA, CUSTOMER_KEYRING],
        },
        {
          provide: CUSTOMER_KEYRING,
          useFactory: (dataSource: DataSource, tokens: TokenService) =>
            (options.keyring ?? remoteKeyring)({ dataSource, tokens, config, service }),
          inject: [DataSource, TokenService],
        },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = new DataSource(
              appDataSourceOptions({
                url: config.DATABASE_URL,
                schema,
                entities: [OutboxRecord, ProcessedEvent, ...options.entities],
                migrations: options.migrations,
                poolSize: config.DATABASE_POOL_SIZE,
                applicationName: service,
              }),
            );
            await dataSource.initialize();
            if (config.MIGRATE_ON_BOOT) {
              const applied = await migrate(dataSource, schema);
              if (applied.length > 0) logger.info({ applied }, 'migrations applied');
            }
            return dataSource;
          },
        },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, publisher: EventPublisher) =>
            new OutboxRelay(dataSource, publisher, {
              schema,
              pollMs: config.OUTBOX_POLL_MS,
              logger: logger.child({ component: 'outbox-relay' }),
              metrics,
            }),
          inject: [DataSource, EventPublisher],
        },
        {
          provide: UnitOfWork,
          useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
            new UnitOfWork(dataSource, schema, relay),
          inject: [DataSource, OutboxRelay],
        },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.REDIS_URL, {
              maxRetriesPerRequest: 2,
              enableOfflineQueue: true,
              connectionName: service,
              // Commands issued in the same event-loop turn (or while the previous batch is
              // in flight) share one write: under load, one round trip serves many requests.
              enableAutoPipelining: true,
            }),
        },
        {
          provide: TokenService,
          useFactory: () =>
            new TokenService({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER }),
        },
        {
          provide: ApiKeyStore,
          useFactory: (redis: Redis) => new ApiKeyStore(redis),
          inject: [REDIS],
        },
        {
          provide: ServiceClient,
          useFactory: (tokens: TokenService) => new ServiceClient(service, tokens),
          inject: [TokenService],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useFactory: () => new ProblemFilter(logger, metrics) },
        PlatformLifecycle,
        {
          provide: HEALTH_CHECKS,
          useFactory: (
            kafka: Kafka,
            dataSource: DataSource,
            redis: Redis,
            lifecycle: PlatformLifecycle,
          ): HealthCheck[] => [
            { name: 'kafka', check: () => pingKafka(kafka) },
            { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
            {
              name: 'redis',
              check: async () => {
                if ((await redis.ping()) !== 'PONG') throw new Error('unexpected PING answer');
              },
            },
            {
              name: 'consumer',
              check: async () => {
                if (!lifecycle.consumerHealthy)
                  throw new Error('the event consumer is not in its group');
              },
            },
          ],
          inject: [KAFKA, DataSource, REDIS, PlatformLifecycle],
        },
      ],
      exports: [
        APP_CONFIG,
        LOGGER,
        Metrics,
        KAFKA,
        EventPublisher,
        DataSource,
        OutboxRelay,
        UnitOfWork,
        REDIS,
        TokenService,
        ApiKeyStore,
        ServiceClient,
        CUSTOMER_KEYRING,
      ],
    };
  }
}
