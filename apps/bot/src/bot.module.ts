import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { EVENT_CONSUMER, LOGGER, PlatformModule } from '@tandem/platform';
import { AnswersService } from './answers/answers.service';
import { KnowledgeSearch } from './answers/knowledge-search';
import { LocalProvider, Responder } from './answers/responder';
import { BotConsumer } from './bot.consumer';
import type { BotConfig } from './config';
import { BOT_SCHEMA, botEntities, botMigrations } from './database';

@Module({})
export class BotModule {
  static register(config: BotConfig): DynamicModule {
    return {
      module: BotModule,
      imports: [
        PlatformModule.forRoot({
          service: 'bot',
          schema: BOT_SCHEMA,
          config,
          entities: botEntities,
          migrations: botMigrations,
        }),
      ],
      providers: [
        KnowledgeSearch,
        {
          provide: Responder,
          useFactory: (knowledge: KnowledgeSearch, logger: Logger) =>
            new Responder(
              (tenantId, query, channel) => knowledge.search(tenantId, query, channel),
              new LocalProvider(config.BOT_ANSWER_THRESHOLD),
              'local',
              logger.child({ component: 'responder' }),
            ),
          inject: [KnowledgeSearch, LOGGER],
        },
        AnswersService,
        BotConsumer,
        { provide: EVENT_CONSUMER, useExisting: BotConsumer },
      ],
    };
  }
}
