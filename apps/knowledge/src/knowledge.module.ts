import { Module, type DynamicModule } from '@nestjs/common';
import OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import { EVENT_CONSUMER, LOGGER, PlatformModule } from '@tandem/platform';
import { CaseSummarizer } from './learning/summarize-case';
import { ArticlesController } from './articles/articles.controller';
import { ArticlesService } from './articles/articles.service';
import type { KnowledgeConfig } from './config';
import { KNOWLEDGE_SCHEMA, knowledgeEntities, knowledgeMigrations } from './database';
import { KnowledgeConsumer } from './knowledge.consumer';
import { LearningService } from './learning/learning.service';
import { GapsController } from './gaps/gaps.controller';
import { GapsService } from './gaps/gaps.service';
import { SuggestionsController } from './suggestions/suggestions.controller';
import { SuggestionsService } from './suggestions/suggestions.service';
import { UsageController } from './usage/usage.controller';
import { UsageService } from './usage/usage.service';
import { SearchController } from './search/search.controller';
import { embeddingProviders } from './search/embeddings/embeddings.providers';
import { SearchIndex } from './search/search-index';
import { SearchService } from './search/search.service';
import { SynonymsController } from './search/synonyms/synonyms.controller';
import { SynonymsService } from './search/synonyms/synonyms.service';

@Module({})
export class KnowledgeModule {
  static register(config: KnowledgeConfig): DynamicModule {
    return {
      module: KnowledgeModule,
      imports: [
        PlatformModule.forRoot({
          service: 'knowledge',
          schema: KNOWLEDGE_SCHEMA,
          config,
          entities: knowledgeEntities,
          migrations: knowledgeMigrations,
        }),
      ],
      controllers: [
        ArticlesController,
        SearchController,
        GapsController,
        UsageController,
        SuggestionsController,
        SynonymsController,
      ],
      providers: [
        ArticlesService,
        SearchService,
        SearchIndex,
        SynonymsService,
        ...embeddingProviders(config),
        LearningService,
        {
          provide: CaseSummarizer,
          useFactory: (logger: Logger) =>
            new CaseSummarizer(
              config.LLM_BASE_URL
                ? new OpenAI({ baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY })
                : null,
              { model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS },
              logger.child({ component: 'case-summarizer' }),
            ),
          inject: [LOGGER],
        },
        GapsService,
        UsageService,
        SuggestionsService,
        KnowledgeConsumer,
        { provide: EVENT_CONSUMER, useExisting: KnowledgeConsumer },
      ],
    };
  }
}
