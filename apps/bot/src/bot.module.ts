import { Module, type DynamicModule } from '@nestjs/common';
import OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import { EVENT_CONSUMER, LOGGER, PlatformModule } from '@tandem/platform';
import { AnswersService } from './answers/answers.service';
import { AssistService } from './answers/assist.service';
import { PersonaController } from './persona/persona.controller';
import { PersonaService } from './persona/persona.service';
import { KnowledgeSearch } from './answers/knowledge-search';
import { CircuitBreaker } from './answers/circuit-breaker';
import { ModelProvider } from './answers/model-provider';
import { ModelUsageController } from './answers/model-usage.controller';
import { ModelUsageRepository } from './answers/model-usage.repository';
import { PlaygroundController } from './playground/playground.controller';
import { PlaygroundService } from './playground/playground.service';
import { LocalProvider, Responder, type AnswerProvider } from './answers/responder';
import { BotConsumer } from './bot.consumer';
import { DeskWaiting } from './waiting/desk-waiting';
import { WaitingNotices } from './waiting/waiting-notices.service';
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
      controllers: [PlaygroundController, ModelUsageController, PersonaController],
      providers: [
        KnowledgeSearch,
        AssistService,
        PersonaService,
        {
          provide: Responder,
          useFactory: (knowledge: KnowledgeSearch, logger: Logger) => {
            const provider = answerProvider(config, logger);
            return new Responder(
              (tenantId, query, channel) => knowledge.search(tenantId, query, channel),
              provider.provider,
              provider.name,
              logger.child({ component: 'responder' }),
            );
          },
          inject: [KnowledgeSearch, LOGGER],
        },
        ModelUsageRepository,
        PlaygroundService,
        AnswersService,
        DeskWaiting,
        WaitingNotices,
        BotConsumer,
        { provide: EVENT_CONSUMER, useExisting: BotConsumer },
      ],
    };
  }
}

/** The model when BOT_LLM_BASE_URL names one, the best article otherwise. */
function answerProvider(
  config: BotConfig,
  logger: Logger,
): { provider: AnswerProvider; name: 'local' | 'openai' } {
  if (!config.BOT_LLM_BASE_URL)
    return { provider: new LocalProvider(config.BOT_ANSWER_THRESHOLD), name: 'local' };
  return {
    provider: new ModelProvider(
      new OpenAI({ baseURL: config.BOT_LLM_BASE_URL, apiKey: config.BOT_LLM_API_KEY }),
      {
        model: config.BOT_LLM_MODEL,
        timeoutMs: config.BOT_LLM_TIMEOUT_MS,
        budgetMs: config.BOT_LLM_BUDGET_MS,
        threshold: config.BOT_ANSWER_THRESHOLD,
      },
      new CircuitBreaker({
        failures: config.BOT_LLM_BREAKER_FAILURES,
        coolDownMs: config.BOT_LLM_BREAKER_COOLDOWN_MS,
      }),
      logger.child({ component: 'model-provider' }),
    ),
    name: 'openai',
  };
}
