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
import { WebhookController } from './inbound/webhook.controller';

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
        AttachmentsController,
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
        { provide: EVENT_CONSUMER, useExisting: DeliveryConsumer },
      ],
    };
  }
}
