import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreateChannelBody } from '@tandem/contracts';
import { ProblemException } from '@tandem/platform';
import { ChannelAdapters } from './adapters/channel-adapters';
import { TtlCache } from './channel-cache';
import { Channel } from './channel.entity';

const CHANNEL_TTL_MS = 5_000;

@Injectable()
export class ChannelsService {
  private readonly cache = new TtlCache<Channel | null>(CHANNEL_TTL_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: ChannelAdapters,
  ) {}

  async create(tenantId: string, body: CreateChannelBody): Promise<Channel> {
    if (!this.adapters.supports(body.type)) {
      throw new ProblemException(
        400,
        'GATEWAY.CHANNEL_TYPE_UNSUPPORTED',
        `Channels of type ${body.type} are not supported yet.`,
      );
    }
    const repository = this.dataSource.getRepository(Channel);
    return repository.save(repository.create({ ...body, tenantId }));
  }

  list(tenantId: string): Promise<Channel[]> {
    return this.dataSource
      .getRepository(Channel)
      .find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  /** For webhooks: the channel id in the URL is the only thing that names the tenant. */
  async getForWebhook(channelId: string): Promise<Channel> {
    const channel = isUuid(channelId)
      ? await this.cache.get(channelId, () =>
          this.dataSource.getRepository(Channel).findOneBy({ id: channelId }),
        )
      : null;
    if (!channel)
      throw new ProblemException(404, 'GATEWAY.UNKNOWN_CHANNEL', `No channel ${channelId}.`);
    if (!channel.enabled)
      throw new ProblemException(403, 'GATEWAY.CHANNEL_DISABLED', 'This channel is disabled.');
    return channel;
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
