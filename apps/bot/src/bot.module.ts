import { Module, type DynamicModule } from '@nestjs/common';
import OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import { EVENT_CONSUMER, LOGGER, PlatformModule, ServiceClient } from '@tandem/platform';
import { AnalysisController } from './analysis/analysis.controller';
import { Analyzer, RulesAnalyzer } from './analysis/analyzer';
import { ModelAnalyzer } from './analysis/model-analyzer';
import { AnswersService } from './answers/answers.service';
import { AssistService } from './answers/assist.service';
import { OpenApiController } from './openapi.controller';
import { PersonaController } from './persona/persona.controller';
import { PersonaService } from './persona/persona.service';
import { CustomerProfiles } from './customers/customer-profiles';
import { TopicsController } from './topics/topics.controller';
import { TopicsService } from './topics/topics.service';
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
      controllers: [
        TopicsController,
        PlaygroundController,
        AnalysisController,
        ModelUsageController,
        PersonaController,
        OpenApiController,
      ],
      providers: [
        KnowledgeSearch,
        AssistService,
        PersonaService,
        CustomerProfiles,
        TopicsService,
        {
          provide: Analyzer,
          useFactory: (logger: Logger) => messageAnalyzer(config, logger),
          inject: [LOGGER],
        },
        {
          provide: Responder,
          useFactory: (
            analyzer: Analyzer,
            knowledge: KnowledgeSearch,
            services: ServiceClient,
            logger: Logger,
          ) => {
            const provider = answerProvider(config, logger);
            return new Responder(
              analyzer,
              (tenantId, query, channel) => knowledge.search(tenantId, query, channel),
              provider.provider,
              provider.name,
              {
                threshold: config.BOT_ANSWER_THRESHOLD,
                fetchAttachment: async (tenantId, attachment) =>
                  (
                    await services.fetchBytes(
                      `${config.GATEWAY_URL}/v1/attachments/${attachment.id}`,
                      tenantId,
                      config.BOT_LLM_IMAGE_MAX_BYTES,
                      config.GATEWAY_TIMEOUT_MS,
                    )
                  ).bytes,
              },
              logger.child({ component: 'responder' }),
            );
          },
          inject: [Analyzer, KnowledgeSearch, ServiceClient, LOGGER],
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

/**
 * The rules refined by the model when BOT_ANALYZER is `model`, or `auto` with a
 * BOT_LLM_BASE_URL; the rules alone otherwise. The analyzer has a circuit breaker of its
 * own (same settings as the provider's): a model that keeps failing one kind of question
 * does not stop the other.
 */
function messageAnalyzer(config: BotConfig, logger: Logger): Analyzer {
  const baseUrl = config.BOT_ANALYZER === 'rules' ? undefined : config.BOT_LLM_BASE_URL;
  if (baseUrl === undefined) return new RulesAnalyzer();
  return new ModelAnalyzer(
    new OpenAI({ baseURL: baseUrl, apiKey: config.BOT_LLM_API_KEY }),
    {
      model: config.BOT_LLM_MODEL,
      timeoutMs: Math.min(config.BOT_LLM_TIMEOUT_MS, config.BOT_ANALYZER_TIMEOUT_MS),
      budgetMs: config.BOT_ANALYZER_TIMEOUT_MS,
    },
    new CircuitBreaker({
      failures: config.BOT_LLM_BREAKER_FAILURES,
      coolDownMs: config.BOT_LLM_BREAKER_COOLDOWN_MS,
    }),
    logger.child({ component: 'model-analyzer' }),
  );
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
        ...(config.BOT_LLM_VISION
          ? { vision: { maxImageBytes: config.BOT_LLM_IMAGE_MAX_BYTES } }
          : {}),
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
