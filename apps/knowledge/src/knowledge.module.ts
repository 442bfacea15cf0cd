import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_CONSUMER, PlatformModule } from '@tandem/platform';
import { ArticlesController } from './articles/articles.controller';
import { ArticlesService } from './articles/articles.service';
import type { KnowledgeConfig } from './config';
import { KNOWLEDGE_SCHEMA, knowledgeEntities, knowledgeMigrations } from './database';
import { KnowledgeConsumer } from './knowledge.consumer';
import { LearningService } from './learning/learning.service';
import { GapsController } from './gaps/gaps.controller';
import { GapsService } from './gaps/gaps.service';
import { UsageController } from './usage/usage.controller';
import { UsageService } from './usage/usage.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';

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
      controllers: [ArticlesController, SearchController, GapsController, UsageController],
      providers: [
        ArticlesService,
        SearchService,
        LearningService,
        GapsService,
        UsageService,
        KnowledgeConsumer,
        { provide: EVENT_CONSUMER, useExisting: KnowledgeConsumer },
      ],
    };
  }
}
