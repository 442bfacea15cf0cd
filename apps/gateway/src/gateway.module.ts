import { Module, type DynamicModule } from '@nestjs/common';
import { SecretBox } from '@tandem/auth';
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
import { WebhookController } from './inbound/webhook.controller';
import { WebchatAdapter } from './webchat/webchat.adapter';
import { WebchatController } from './webchat/webchat.controller';
import { WebchatHistory } from './webchat/webchat-history';
import { WebchatRooms } from './webchat/webchat-rooms';
import { WebchatSessions } from './webchat/webchat-sessions.service';
import { WebchatSocketServer } from './webchat/webchat-socket.server';
import { WebchatTyping } from './webchat/webchat-typing.service';

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
        }),
      ],
      controllers: [
        WebhookController,
        ChannelsController,
        CustomersController,
        WebchatController,
        OpenApiController,
      ],
      providers: [
        ChannelsService,
        ChannelAdapters,
        { provide: SecretBox, useFactory: () => new SecretBox(config.GATEWAY_ENCRYPTION_KEY) },
        ConversationsService,
        CustomersService,
        InboundService,
        DeliveryService,
        DeliveryConsumer,
        { provide: EVENT_CONSUMER, useExisting: DeliveryConsumer },
        WebchatHistory,
        WebchatRooms,
        WebchatAdapter,
        WebchatSessions,
        WebchatTyping,
        WebchatSocketServer,
      ],
    };
  }
}
