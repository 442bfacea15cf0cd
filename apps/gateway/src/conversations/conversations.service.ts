import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Channel } from '../channels/channel.entity';
import { Conversation, CustomerIdentity } from './conversation.entity';

export interface ConversationRef {
  conversationId: string;
  customerId: string;
}

@Injectable()
export class ConversationsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The customer's open conversation on this channel, or a new one. Concurrent first
   * messages from one customer agree on one conversation (the insert that loses the race
   * reads the winner's row).
   */
  async openFor(channel: Channel, externalId: string): Promise<ConversationRef> {
    return this.dataSource.transaction(async (manager) => {
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
  }

  find(
    tenantId: string,
    conversationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Conversation | null> {
    return manager.findOneBy(Conversation, { id: conversationId, tenantId });
  }

  async markResolved(
    manager: EntityManager,
    tenantId: string,
    conversationId: string,
  ): Promise<void> {
    await manager.update(Conversation, { id: conversationId, tenantId }, { status: 'resolved' });
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
