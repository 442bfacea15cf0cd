import { Inject, Injectable } from '@nestjs/common';
import type { ChannelType } from '@tandem/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG, ProblemException, REDIS } from '@tandem/platform';
import type { GatewayConfig } from '../../config';
import type { Channel } from '../channel.entity';
import type { ChannelAdapter, ChannelConfig } from './channel-adapter';
import { GenericWebhookAdapter } from './generic.adapter';
import { PostmarkEmailAdapter } from './postmark-email.adapter';
import { TwilioSmsAdapter } from './twilio-sms.adapter';
import { WeChatAdapter } from './wechat.adapter';
import { WebchatAdapter } from '../../webchat/webchat.adapter';
import { RedisWeChatTokens } from '../wechat-tokens';

/** Every channel type the gateway speaks, by type. */
@Injectable()
export class ChannelAdapters {
  private readonly byType = new Map<ChannelType, ChannelAdapter>();

  constructor(
    @Inject(APP_CONFIG) config: GatewayConfig,
    @Inject(REDIS) redis: Redis,
    webchat: WebchatAdapter,
  ) {
    const adapters: ChannelAdapter[] = [
      webchat,
      new GenericWebhookAdapter(config.WEBHOOK_MAX_SKEW_SECONDS),
      new WeChatAdapter({
        maxSkewSeconds: config.WEBHOOK_MAX_SKEW_SECONDS,
        sharedTokens: new RedisWeChatTokens(redis, config.KAFKA_TOPIC_PREFIX),
      }),
      new TwilioSmsAdapter(),
      new PostmarkEmailAdapter(),
    ];
    for (const adapter of adapters) {
      this.byType.set(adapter.type, adapter);
    }
  }

  for(type: ChannelType): ChannelAdapter {
    const adapter = this.byType.get(type);
    if (!adapter)
      throw new ProblemException(
        501,
        'GATEWAY.CHANNEL_TYPE_UNSUPPORTED',
        `Channels of type ${type} are not supported yet.`,
      );
    return adapter;
  }

  supports(type: ChannelType): boolean {
    return this.byType.has(type);
  }
}

export function toChannelConfig(channel: Channel): ChannelConfig {
  return {
    id: channel.id,
    tenantId: channel.tenantId,
    type: channel.type,
    secret: channel.secret,
    callbackUrl: channel.callbackUrl,
    settings: channel.settings,
  };
}
