import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_CONSUMER, PlatformModule, type EventConsumer } from '@tandem/platform';
import { AgentsController } from './agents/agents.controller';
import { AgentsService } from './agents/agents.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AssignmentService } from './assignment/assignment.service';
import { DispatchSweeper } from './assignment/dispatch.sweeper';
import { OffersController } from './assignment/offers.controller';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import type { DeskConfig } from './config';
import { ConversationsController } from './conversations/conversations.controller';
import { ConversationsService } from './conversations/conversations.service';
import { DESK_SCHEMA, deskEntities, deskMigrations } from './database';
import { DeskConsumer } from './desk.consumer';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { TeamsController } from './teams/teams.controller';
import { TeamsService } from './teams/teams.service';
import { WaitingController } from './waiting/waiting.controller';
import { WaitingService } from './waiting/waiting.service';

@Module({})
export class AgentDeskModule {
  static register(config: DeskConfig): DynamicModule {
    return {
      module: AgentDeskModule,
      imports: [
        PlatformModule.forRoot({
          service: 'agent-desk',
          schema: DESK_SCHEMA,
          config,
          entities: deskEntities,
          migrations: deskMigrations,
        }),
      ],
      controllers: [
        AuthController,
        AgentsController,
        OffersController,
        ConversationsController,
        ApiKeysController,
        WaitingController,
        SettingsController,
        TeamsController,
        QueuesController,
      ],
      providers: [
        AuthService,
        ApiKeysService,
        AssignmentService,
        DispatchSweeper,
        ConversationsService,
        WaitingService,
        SettingsService,
        AgentsService,
        TeamsService,
        QueuesService,
        DeskConsumer,
        {
          // One consumer group per projection, so each can be rebuilt alone from the log.
          provide: EVENT_CONSUMER,
          useFactory: (...consumers: EventConsumer[]) => consumers,
          inject: [DeskConsumer],
        },
      ],
    };
  }
}
