import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_CONSUMER, PlatformModule, type EventConsumer } from '@tandem/platform';
import { AbandonmentService } from './abandonment/abandonment.service';
import { AbandonmentSweeper } from './abandonment/abandonment.sweeper';
import { AgentsController } from './agents/agents.controller';
import { CannedResponsesController } from './canned-responses/canned-responses.controller';
import { CannedResponsesService } from './canned-responses/canned-responses.service';
import { CustomerEditsService } from './conversations/customer-edits.service';
import { MonitorService } from './conversations/monitor.service';
import { NotesController } from './notes/notes.controller';
import { OpenApiController } from './openapi.controller';
import { NotesService } from './notes/notes.service';
import { TransfersController } from './transfers/transfers.controller';
import { TransfersService } from './transfers/transfers.service';
import { TransferTargetsController } from './transfers/transfer-targets.controller';
import { WrapUpController } from './wrap-up/wrap-up.controller';
import { WrapUpService } from './wrap-up/wrap-up.service';
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
import { ReviewConsumer } from './review/review.consumer';
import { ReviewController } from './review/review.controller';
import { ReviewPruner } from './review/review.pruner';
import { ReviewService } from './review/review.service';
import { KpiConsumer } from './kpi/kpi.consumer';
import { KpiController } from './kpi/kpi.controller';
import { KpiProjection } from './kpi/kpi.projection';
import { KpiService } from './kpi/kpi.service';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesService } from './schedules/schedules.service';
import { ShiftEndSweeper } from './schedules/shift-end.sweeper';
import { QueueSnapshots } from './realtime/queue-snapshots';
import { RealtimeConnections } from './realtime/realtime-connections.service';
import { RealtimeRelay } from './realtime/realtime-relay.service';
import { RealtimeRooms } from './realtime/realtime-rooms';
import { RealtimeSocketServer } from './realtime/realtime-socket.server';
import { RealtimeConsumer } from './realtime/realtime.consumer';
import { RealtimeSweeper } from './realtime/realtime.sweeper';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { SurveysConsumer } from './surveys/surveys.consumer';
import { SurveysController } from './surveys/surveys.controller';
import { SurveysService } from './surveys/surveys.service';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';
import { TeamsController } from './teams/teams.controller';
import { TeamsService } from './teams/teams.service';
import { WaitingController } from './waiting/waiting.controller';
import { BotUsage } from './usage/bot-usage';
import { UsageController } from './usage/usage.controller';
import { ConsoleController } from './console/console.controller';
import { UsageService } from './usage/usage.service';
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
        ReviewController,
        KpiController,
        UsageController,
        SchedulesController,
        TransfersController,
        NotesController,
        CannedResponsesController,
        WrapUpController,
        SurveysController,
        TeamsController,
        QueuesController,
        OpenApiController,
        ConsoleController,
        TransferTargetsController,
      ],
      providers: [
        AuthService,
        ApiKeysService,
        AssignmentService,
        DispatchSweeper,
        ConversationsService,
        WaitingService,
        SettingsService,
        SchedulesService,
        ShiftEndSweeper,
        MonitorService,
        CustomerEditsService,
        TransfersService,
        NotesService,
        CannedResponsesService,
        WrapUpService,
        AbandonmentService,
        AbandonmentSweeper,
        AgentsService,
        TeamsService,
        QueuesService,
        DeskConsumer,
        ReviewService,
        ReviewPruner,
        ReviewConsumer,
        KpiProjection,
        KpiService,
        KpiConsumer,
        BotUsage,
        UsageService,
        SurveysService,
        SurveysConsumer,
        RealtimeRooms,
        RealtimeConnections,
        RealtimeSocketServer,
        RealtimeSweeper,
        QueueSnapshots,
        RealtimeRelay,
        RealtimeConsumer,
        {
          // One consumer group per projection, so each can be rebuilt alone from the log.
          provide: EVENT_CONSUMER,
          useFactory: (...consumers: EventConsumer[]) => consumers,
          inject: [DeskConsumer, ReviewConsumer, KpiConsumer, SurveysConsumer, RealtimeConsumer],
        },
      ],
    };
  }
}
