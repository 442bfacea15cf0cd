import { Module, type DynamicModule } from '@nestjs/common';
import { SecretBox } from '@tandem/auth';
import { attachmentStoreProvider } from './attachments/attachment-store.provider';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';
import { EVENT_CONSUMER, PlatformModule } from '@tandem/platform';
import { ChannelAdapters } from './channels/adapters/channel-adapters';
import { ChannelsController } from './channels/channels.controller';
import { ChannelsService } from './channels/channels.service';
import type { GatewayConfig } from './config';
import { ConversationsService } from './conversations/conversations.service';
import { CustomersController } from './customers/customers.controller';
import { CustomersService } from './customers/customers.service';
import { GATEWAY_SCHEMA, gatewayEntities, gatewayMigrations } from './database';
import { DeliveryConsumer } from './delivery/delivery.consumer';
import { DeliveryService } from './delivery/delivery.service';
import { InboundService } from './inbound/inbound.service';
import { OpenApiController } from './openapi.controller';
import { SurveysController } from './surveys/surveys.controller';
import { SurveysService } from './surveys/surveys.service';
import { WebhookController } from './inbound/webhook.controller';
import {
  ERASURE_PARTICIPANTS,
  ErasureService,
  type ErasureParticipant,
} from './privacy/erasure.service';
import { gatewayKeyring } from './privacy/gateway-keyring';
import { PrivacyController } from './privacy/privacy.controller';
import { WebchatAdapter } from './webchat/webchat.adapter';
import { WebchatController } from './webchat/webchat.controller';
import { WebchatHistory } from './webchat/webchat-history';
import { WebchatRooms } from './webchat/webchat-rooms';
import { WebchatSessions } from './webchat/webchat-sessions.service';
import { WebchatSocketServer } from './webchat/webchat-socket.server';
import { WebchatTyping } from './webchat/webchat-typing.service';
import { WebchatUploads } from './webchat/webchat-uploads.service';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({
          service: 'gateway',
          schema: GATEWAY_SCHEMA,
          config,
          entities: gatewayEntities,
          migrations: gatewayMigrations,
          keyring: ({ dataSource }) =>
            gatewayKeyring(
              dataSource,
              new SecretBox(config.GATEWAY_ENCRYPTION_KEY),
              config.CUSTOMER_KEY_CACHE_MS,
            ),
        }),
      ],
      controllers: [
        WebhookController,
        ChannelsController,
        CustomersController,
        PrivacyController,
        AttachmentsController,
        WebchatController,
        SurveysController,
        OpenApiController,
      ],
      providers: [
        ChannelsService,
        ChannelAdapters,
        { provide: SecretBox, useFactory: () => new SecretBox(config.GATEWAY_ENCRYPTION_KEY) },
        ConversationsService,
        CustomersService,
        attachmentStoreProvider(config),
        AttachmentsService,
        InboundService,
        DeliveryService,
        DeliveryConsumer,
        SurveysService,
        ErasureService,
        {
          provide: ERASURE_PARTICIPANTS,
          // In order: staged uploads are found through the web chat history.
          useFactory: (
            attachments: AttachmentsService,
            webchat: WebchatHistory,
            uploads: WebchatUploads,
            surveys: SurveysService,
          ): ErasureParticipant[] => [uploads, webchat, attachments, surveys],
          inject: [AttachmentsService, WebchatHistory, WebchatUploads, SurveysService],
        },
        { provide: EVENT_CONSUMER, useExisting: DeliveryConsumer },
        WebchatHistory,
        WebchatRooms,
        WebchatAdapter,
        WebchatSessions,
        WebchatTyping,
        WebchatUploads,
        WebchatSocketServer,
      ],
    };
  }
}
