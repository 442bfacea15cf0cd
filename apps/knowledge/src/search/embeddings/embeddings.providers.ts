import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import OpenAI from 'openai';
import { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicTask } from '@tandem/platform';
import type { KnowledgeConfig } from '../../config';
import { EmbeddingIndex } from './embedding-index';
import { EmbeddingsClient } from './embeddings-client';

/**
 * On a timer, one sweep at a time per instance: indexes what was published or changed and
 * drops what was retired, then embeds what the endpoint failed on before.
 */
@Injectable()
export class EmbeddingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly index: EmbeddingIndex,
    @Inject(APP_CONFIG) config: KnowledgeConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      config.EMBEDDINGS_SWEEP_MS,
      async () => {
        await index.reconcile();
        await index.reindexPending();
      },
      (error) => logger.warn({ err: error }, 'embeddings sweep failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.index.enabled) this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

/** The embedding index (a no-op without EMBEDDINGS_BASE_URL) and its sweeper, for KnowledgeModule. */
export function embeddingProviders(config: KnowledgeConfig): Provider[] {
  return [
    {
      provide: EmbeddingIndex,
      useFactory: (dataSource: DataSource, logger: Logger) =>
        new EmbeddingIndex(
          dataSource,
          config.EMBEDDINGS_BASE_URL
            ? new EmbeddingsClient(
                new OpenAI({
                  baseURL: config.EMBEDDINGS_BASE_URL,
                  apiKey: config.EMBEDDINGS_API_KEY,
                }),
                {
                  model: config.EMBEDDINGS_MODEL,
                  dimensions: config.EMBEDDINGS_DIMENSIONS,
                  timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
                },
              )
            : null,
          logger.child({ component: 'embeddings' }),
        ),
      inject: [DataSource, LOGGER],
    },
    EmbeddingSweeper,
  ];
}
