import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, REDIS } from '@tandem/platform';
import type { GatewayConfig } from '../config';
import type { Channel } from '../channels/channel.entity';
import { Conversation, CustomerIdentity } from './conversation.entity';

export interface ConversationRef {
  conversationId: string;
  customerId: string;
}

/** How long Redis remembers a customer's open conversation; resolution forgets it at once. */
const OPEN_CONVERSATION_TTL_SECONDS = 3_600;

@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The Redis key under which a customer's open conversation on a channel is remembered. */
  cacheKey(channelId: string, externalId: string): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}:gateway:open:${channelId}:${externalId}`;
  }

  fromCache(value: string): ConversationRef {
    const [conversationId, customerId] = value.split(' ');
    return { conversationId: conversationId!, customerId: customerId! };
  }

  /**
   * The customer's open conversation on this channel, or a new one. Concurrent first
   * messages from one customer agree on one conversation (the insert that loses the race
   * reads the winner's row).
   */
  async openFor(channel: Channel, externalId: string): Promise<ConversationRef> {
    const ref = await this.dataSource.transaction(async (manager) => {
      const customerId = await this.customerFor(manager, channel, externalId);
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${channel.id}:${externalId}`,
      ]);
      const open = await manager.findOne(Conversation, {
        where: { channelId: channel.id, externalId, status: 'open' },
        order: { createdAt: 'DESC' },
      });
      if (open) return { conversationId: open.id, customerId };
      const created = manager.create(Conversation, {
        id: randomUUID(),
        tenantId: channel.tenantId,
        channelId: channel.id,
        customerId,
        externalId,
        status: 'open',
      });
      await manager.save(created);
      return { conversationId: created.id, customerId };
    });
    await this.redis.set(
      this.cacheKey(channel.id, externalId),
      `${ref.conversationId} ${ref.customerId}`,
      'EX',
      OPEN_CONVERSATION_TTL_SECONDS,
    );
    return ref;
  }

  find(
    tenantId: string,
    conversationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Conversation | null> {
    return manager.findOneBy(Conversation, { id: conversationId, tenantId });
  }

  /** Returns the Redis key to forget once the transaction committed. */
  async markResolved(
    manager: EntityManager,
    tenantId: string,
    conversationId: string,
  ): Promise<string | null> {
    const conversation = await manager.findOneBy(Conversation, { id: conversationId, tenantId });
    if (!conversation) return null;
    await manager.update(Conversation, { id: conversationId, tenantId }, { status: 'resolved' });
    return this.cacheKey(conversation.channelId, conversation.externalId);
  }

  async cacheKeyOf(tenantId: string, conversationId: string): Promise<string | null> {
    const conversation = await this.find(tenantId, conversationId);
    return conversation ? this.cacheKey(conversation.channelId, conversation.externalId) : null;
  }

  async forget(cacheKey: string | null): Promise<void> {
    if (cacheKey) await this.redis.del(cacheKey);
  }

  private async customerFor(
    manager: EntityManager,
    channel: Channel,
    externalId: string,
  ): Promise<string> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CustomerIdentity)
      .values({
        channelId: channel.id,
        externalId,
        tenantId: channel.tenantId,
        customerId: randomUUID(),
      })
      .orIgnore()
      .execute();
    const identity = await manager.findOneByOrFail(CustomerIdentity, {
      channelId: channel.id,
      externalId,
    });
    return identity.customerId;
  }
}
