import { Module, type DynamicModule } from '@nestjs/common';
import OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import { EVENT_CONSUMER, LOGGER, PlatformModule } from '@tandem/platform';
import type { RouterConfig } from './config';
import { ROUTER_SCHEMA, routerEntities, routerMigrations } from './database';
import { CustomerDirectory } from './escalation/customer-directory';
import { EscalationService } from './escalation/escalation.service';
import { HandoffSummarizer } from './escalation/handoff-summarizer';
import { OpenApiController } from './openapi.controller';
import { PolicyController } from './policies/policy.controller';
import { PolicyService } from './policies/policy.service';
import { ReplayJobs } from './replay/replay-jobs.service';
import { ReplayController } from './replay/replay.controller';
import { RouterConsumer } from './router.consumer';

@Module({})
export class RouterModule {
  static register(config: RouterConfig): DynamicModule {
    return {
      module: RouterModule,
      imports: [
        PlatformModule.forRoot({
          service: 'router',
          schema: ROUTER_SCHEMA,
          config,
          entities: routerEntities,
          migrations: routerMigrations,
        }),
      ],
      controllers: [PolicyController, ReplayController, OpenApiController],
      providers: [
        PolicyService,
        ReplayJobs,
        CustomerDirectory,
        {
          provide: HandoffSummarizer,
          // Without a model the extractive summary is the only one.
          useFactory: (logger: Logger) =>
            config.ROUTER_LLM_BASE_URL
              ? new HandoffSummarizer(
                  new OpenAI({
                    baseURL: config.ROUTER_LLM_BASE_URL,
                    apiKey: config.ROUTER_LLM_API_KEY,
                  }),
                  { model: config.ROUTER_LLM_MODEL, timeoutMs: config.ROUTER_LLM_TIMEOUT_MS },
                  logger.child({ component: 'handoff-summarizer' }),
                )
              : null,
          inject: [LOGGER],
        },
        EscalationService,
        RouterConsumer,
        { provide: EVENT_CONSUMER, useExisting: RouterConsumer },
      ],
    };
  }
}
