import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreateChannelBody } from '@tandem/contracts';
import { ProblemException } from '@tandem/platform';
import { SecretBox } from '@tandem/auth';
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
    private readonly secrets: SecretBox,
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
    const saved = await repository.save(
      repository.create({
        ...body,
        tenantId,
        secret: this.secrets.seal(body.secret),
        settings: sealSettings(this.secrets, body.settings),
      }),
    );
    return this.open(saved);
  }

  /** A channel with its secret and settings opened, for the adapters. */
  async byId(channelId: string): Promise<Channel | null> {
    const channel = await this.dataSource.getRepository(Channel).findOneBy({ id: channelId });
    return channel ? this.open(channel) : null;
  }

  private open(channel: Channel): Channel {
    const opened = Object.assign(new Channel(), channel);
    opened.secret = this.secrets.open(channel.secret);
    opened.settings = Object.fromEntries(
      Object.entries(channel.settings).map(([name, value]) => [name, this.secrets.open(value)]),
    );
    return opened;
  }

  list(tenantId: string): Promise<Channel[]> {
    return this.dataSource
      .getRepository(Channel)
      .find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  /** For webhooks: the channel id in the URL is the only thing that names the tenant. */
  async getForWebhook(channelId: string): Promise<Channel> {
    const channel = isUuid(channelId)
      ? await this.cache.get(channelId, () => this.byId(channelId))
      : null;
    if (!channel)
      throw new ProblemException(404, 'GATEWAY.UNKNOWN_CHANNEL', `No channel ${channelId}.`);
    if (!channel.enabled)
      throw new ProblemException(403, 'GATEWAY.CHANNEL_DISABLED', 'This channel is disabled.');
    return channel;
  }
}

/** Settings hold provider credentials (app secrets, API tokens): every value is sealed. */
export function sealSettings(
  secrets: SecretBox,
  settings: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [name, secrets.seal(value)]),
  );
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
