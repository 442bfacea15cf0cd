import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_CONSUMER, PlatformModule } from '@tandem/platform';
import type { RouterConfig } from './config';
import { ROUTER_SCHEMA, routerEntities, routerMigrations } from './database';
import { EscalationService } from './escalation/escalation.service';
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
      controllers: [PolicyController, ReplayController],
      providers: [
        PolicyService,
        ReplayJobs,
        EscalationService,
        RouterConsumer,
        { provide: EVENT_CONSUMER, useExisting: RouterConsumer },
      ],
    };
  }
}
