import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, REDIS } from '@tandem/platform';
import type { GatewayConfig } from '../config';
import type { Channel } from '../channels/channel.entity';
import { Customer } from '../customers/customer.entity';
import { Conversation, CustomerContact, CustomerIdentity } from './conversation.entity';

export interface VerifiedContacts {
  phone?: string;
  email?: string;
}

/** Normalised so the same phone or address always matches: digits with a leading +, lower-case e-mail. */
export function contactsOf(
  verified: VerifiedContacts,
): { kind: 'phone' | 'email'; value: string }[] {
  const contacts: { kind: 'phone' | 'email'; value: string }[] = [];
  if (verified.phone) {
    const digits = verified.phone.replace(/[^\d+]/g, '');
    if (/^\+?\d{6,15}$/.test(digits))
      contacts.push({ kind: 'phone', value: digits.startsWith('+') ? digits : `+${digits}` });
  }
  if (verified.email && /^[^@\s]+@[^@\s]+$/.test(verified.email.trim())) {
    contacts.push({ kind: 'email', value: verified.email.trim().toLowerCase() });
  }
  return contacts;
}

export interface ConversationRef {
  conversationId: string;
  customerId: string;
  /** The customer's tier when the conversation was looked up; absent in cache entries written before it existed. */
  tier?: string;
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
    const [conversationId, customerId, tier] = value.split(' ');
    return {
      conversationId: conversationId!,
      customerId: customerId!,
      ...(tier ? { tier: decodeURIComponent(tier) } : {}),
    };
  }

  /**
   * The customer's open conversation on this channel, or a new one. Concurrent first
   * messages from one customer agree on one conversation (the insert that loses the race
   * reads the winner's row).
   */
  async openFor(
    channel: Channel,
    externalId: string,
    verified: VerifiedContacts = {},
    displayName: string | null = null,
  ): Promise<ConversationRef> {
    const ref = await this.dataSource.transaction(async (manager) => {
      const customerId = await this.customerFor(
        manager,
        channel,
        externalId,
        verified,
        displayName,
      );
      // The tier travels with every message (the router sends some tiers straight to people).
      const customer = await manager.findOneBy(Customer, { id: customerId });
      const tier = customer?.tier;
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${channel.id}:${externalId}`,
      ]);
      const open =
        (await manager.findOne(Conversation, {
          where: { channelId: channel.id, externalId, status: 'open' },
          order: { createdAt: 'DESC' },
        })) ?? (await this.reopenable(manager, channel.id, externalId));
      if (open) {
        // What retention counts from; written on a cache miss, so about once an hour per customer.
        await manager.query(`UPDATE conversations SET last_message_at = now() WHERE id = $1`, [
          open.id,
        ]);
        return { conversationId: open.id, customerId, ...(tier ? { tier } : {}) };
      }
      const created = manager.create(Conversation, {
        id: randomUUID(),
        tenantId: channel.tenantId,
        channelId: channel.id,
        customerId,
        externalId,
        status: 'open',
      });
      await manager.save(created);
      return { conversationId: created.id, customerId, ...(tier ? { tier } : {}) };
    });
    await this.redis.set(
      this.cacheKey(channel.id, externalId),
      // A tier may hold spaces: encoded, so the value still splits on them.
      [
        ref.conversationId,
        ref.customerId,
        ...(ref.tier ? [encodeURIComponent(ref.tier)] : []),
      ].join(' '),
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
  /**
   * A conversation a person resolved whose reopen window still runs takes the customer's
   * message (the desk reopens it for a person); it is open again.
   */
  private async reopenable(
    manager: EntityManager,
    channelId: string,
    externalId: string,
  ): Promise<Conversation | null> {
    const rows: { id: string }[] = await manager.query(
      `WITH reopened AS (
         UPDATE conversations SET status = 'open', reopen_until = NULL
          WHERE id = (SELECT id FROM conversations
                       WHERE channel_id = $1 AND external_id = $2 AND status = 'resolved'
                         AND reopen_until >= now()
                       ORDER BY created_at DESC LIMIT 1)
          RETURNING id)
       SELECT id FROM reopened`,
      [channelId, externalId],
    );
    const id = rows[0]?.id;
    return id ? manager.findOneBy(Conversation, { id }) : null;
  }

  async markResolved(
    manager: EntityManager,
    tenantId: string,
    conversationId: string,
    reopenUntil: Date | null = null,
  ): Promise<string | null> {
    const conversation = await manager.findOneBy(Conversation, { id: conversationId, tenantId });
    if (!conversation) return null;
    await manager.update(
      Conversation,
      { id: conversationId, tenantId },
      { status: 'resolved', reopenUntil },
    );
    return this.cacheKey(conversation.channelId, conversation.externalId);
  }

  async cacheKeyOf(tenantId: string, conversationId: string): Promise<string | null> {
    const conversation = await this.find(tenantId, conversationId);
    return conversation ? this.cacheKey(conversation.channelId, conversation.externalId) : null;
  }

  async forget(cacheKey: string | null): Promise<void> {
    if (cacheKey) await this.redis.del(cacheKey);
  }

  /**
   * The customer behind a channel identity. A new identity whose verified phone or e-mail
   * is already known joins that customer: their history follows them across channels.
   */
  private async customerFor(
    manager: EntityManager,
    channel: Channel,
    externalId: string,
    verified: VerifiedContacts,
    displayName: string | null,
  ): Promise<string> {
    const known = await manager.findOneBy(CustomerIdentity, { channelId: channel.id, externalId });
    const contacts = contactsOf(verified);
    if (known) {
      await this.remember(manager, channel.tenantId, contacts, known.customerId);
      return known.customerId;
    }
    let customerId: string = randomUUID();
    for (const contact of contacts) {
      const match = await manager.findOneBy(CustomerContact, {
        tenantId: channel.tenantId,
        ...contact,
      });
      if (match) {
        customerId = match.customerId;
        break;
      }
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(Customer)
      .values({
        id: customerId,
        tenantId: channel.tenantId,
        tier: 'standard',
        tags: [],
        attributes: {},
        mergedInto: null,
        displayName,
      })
      .orIgnore()
      .execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into(CustomerIdentity)
      .values({ channelId: channel.id, externalId, tenantId: channel.tenantId, customerId })
      .orIgnore()
      .execute();
    // Another request may have created the identity first: its customer wins.
    const identity = await manager.findOneByOrFail(CustomerIdentity, {
      channelId: channel.id,
      externalId,
    });
    await this.remember(manager, channel.tenantId, contacts, identity.customerId);
    return identity.customerId;
  }

  private async remember(
    manager: EntityManager,
    tenantId: string,
    contacts: { kind: 'phone' | 'email'; value: string }[],
    customerId: string,
  ): Promise<void> {
    if (contacts.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(CustomerContact)
      .values(contacts.map((contact) => ({ tenantId, ...contact, customerId })))
      .orIgnore()
      .execute();
  }
}
