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
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import type { KnowledgeConfig } from '../../config';
import { EmbeddingIndex } from './embedding-index';
import { EmbeddingsClient } from './embeddings-client';

/**
 * On a timer, one sweep at a time per instance: indexes what was published or changed and
 * drops what was retired, then embeds what the endpoint failed on before.
 */
@Injectable()
export class EmbeddingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly index: EmbeddingIndex,
    @Inject(APP_CONFIG) private readonly config: KnowledgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.index.enabled) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.index
        .reconcile()
        .then(() => this.index.reindexPending())
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'embeddings sweep failed; will retry'),
        )
        .finally(() => {
          this.running = null;
          if (this.timer) this.schedule();
        });
    }, this.config.EMBEDDINGS_SWEEP_MS);
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
