import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_CONSUMER, PlatformModule } from '@tandem/platform';
import { AnswersService } from './answers/answers.service';
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
        AnswersService,
        BotConsumer,
        { provide: EVENT_CONSUMER, useExisting: BotConsumer },
      ],
    };
  }
}
