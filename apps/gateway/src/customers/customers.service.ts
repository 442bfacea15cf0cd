import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import {
  Conversation,
  CustomerContact,
  CustomerIdentity,
} from '../conversations/conversation.entity';
import { ConversationsService } from '../conversations/conversations.service';
import { Customer, CustomerAuditEntry } from './customer.entity';

const attributeValue = z.union([z.string().max(1000), z.number(), z.boolean()]);
export const updateCustomerSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    tier: z.string().trim().min(1).max(32).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    /** Merged into the existing attributes; a null value removes the attribute. */
    attributes: z.record(z.string().min(1).max(64), attributeValue.nullable()).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });
export type UpdateCustomerBody = z.infer<typeof updateCustomerSchema>;

export const linkIdentitySchema = z.object({
  channelId: z.uuid(),
  externalId: z.string().trim().min(1).max(256),
});
export const mergeSchema = z.object({ customerId: z.uuid() });

export interface CustomerProfile {
  id: string;
  displayName: string | null;
  tier: string;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  identities: { channelId: string; externalId: string }[];
  contacts: { kind: string; value: string }[];
  conversations: { id: string; channelId: string; status: string; createdAt: string }[];
}

/** Customer profiles for the desk and the other services: read, update, link, merge (audited). */
@Injectable()
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conversations: ConversationsService,
  ) {}

  async profile(principal: Principal, id: string): Promise<CustomerProfile> {
    const customer = await this.resolve(this.dataSource.manager, principal.tenantId, id);
    const [identities, contacts, conversations] = await Promise.all([
      this.dataSource
        .getRepository(CustomerIdentity)
        .find({ where: { tenantId: principal.tenantId, customerId: customer.id } }),
      this.dataSource
        .getRepository(CustomerContact)
        .find({ where: { tenantId: principal.tenantId, customerId: customer.id } }),
      this.dataSource.getRepository(Conversation).find({
        where: { tenantId: principal.tenantId, customerId: customer.id },
        order: { createdAt: 'DESC' },
        take: 100,
      }),
    ]);
    return {
      id: customer.id,
      displayName: customer.displayName,
      tier: customer.tier,
      tags: customer.tags,
      attributes: customer.attributes,
      identities: identities.map(({ channelId, externalId }) => ({ channelId, externalId })),
      contacts: contacts.map(({ kind, value }) => ({ kind, value })),
      conversations: conversations.map((c) => ({
        id: c.id,
        channelId: c.channelId,
        status: c.status,
        createdAt: c.createdAt.toISOString(),
      })),
    };
  }

  async update(
    principal: Principal,
    id: string,
    body: UpdateCustomerBody,
  ): Promise<CustomerProfile> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const customer = await this.resolve(manager, principal.tenantId, id, true);
      if (body.displayName !== undefined) customer.displayName = body.displayName;
      if (body.tier !== undefined) customer.tier = body.tier;
      if (body.tags !== undefined) customer.tags = [...new Set(body.tags)];
      if (body.attributes) {
        const next = { ...customer.attributes };
        for (const [key, value] of Object.entries(body.attributes)) {
          if (value === null) delete next[key];
          else next[key] = value;
        }
        customer.attributes = next;
      }
      await manager.save(customer);
      await this.audit(manager, principal, customer.id, 'updated', { changes: body });
      return customer.id;
    });
    if (body.tier !== undefined) {
      // Open conversations remember the tier in Redis: the next message reads the new one.
      const identities = await this.dataSource
        .getRepository(CustomerIdentity)
        .find({ where: { tenantId: principal.tenantId, customerId: updated } });
      for (const identity of identities)
        await this.conversations.forget(
          this.conversations.cacheKey(identity.channelId, identity.externalId),
        );
    }
    return this.profile(principal, id);
  }

  /** Attaches a channel identity to this customer (e.g. an agent confirmed it is the same person). */
  async link(
    principal: Principal,
    id: string,
    identity: z.infer<typeof linkIdentitySchema>,
  ): Promise<CustomerProfile> {
    await this.dataSource.transaction(async (manager) => {
      const customer = await this.resolve(manager, principal.tenantId, id, true);
      const existing = await manager.findOne(CustomerIdentity, {
        where: {
          channelId: identity.channelId,
          externalId: identity.externalId,
          tenantId: principal.tenantId,
        },
        lock: { mode: 'pessimistic_write' },
      });
      if (!existing)
        throw new ProblemException(
          404,
          'GATEWAY.IDENTITY_NOT_FOUND',
          'No such identity on this channel.',
        );
      if (existing.customerId === customer.id) return;
      const previous = existing.customerId;
      await manager.update(
        CustomerIdentity,
        { channelId: identity.channelId, externalId: identity.externalId },
        { customerId: customer.id },
      );
      await manager.update(
        Conversation,
        {
          channelId: identity.channelId,
          externalId: identity.externalId,
          tenantId: principal.tenantId,
        },
        { customerId: customer.id },
      );
      await this.audit(manager, principal, customer.id, 'linked', {
        ...identity,
        previousCustomerId: previous,
      });
    });
    await this.conversations.forget(
      this.conversations.cacheKey(identity.channelId, identity.externalId),
    );
    return this.profile(principal, id);
  }

  /** Merges another customer into this one: identities, contacts and history move; both sides are audited. */
  async merge(principal: Principal, id: string, otherId: string): Promise<CustomerProfile> {
    if (id === otherId)
      throw new ProblemException(
        400,
        'GATEWAY.MERGE_WITH_ITSELF',
        'A customer cannot be merged into itself.',
      );
    const moved = await this.dataSource.transaction(async (manager) => {
      const [target, other] = await Promise.all([
        this.resolve(manager, principal.tenantId, id, true),
        this.resolve(manager, principal.tenantId, otherId, true),
      ]);
      if (target.id === other.id)
        throw new ProblemException(
          409,
          'GATEWAY.ALREADY_MERGED',
          'These customers are already one.',
        );
      const identities = await manager.find(CustomerIdentity, {
        where: { tenantId: principal.tenantId, customerId: other.id },
      });
      await manager.update(
        CustomerIdentity,
        { tenantId: principal.tenantId, customerId: other.id },
        { customerId: target.id },
      );
      await manager.update(
        Conversation,
        { tenantId: principal.tenantId, customerId: other.id },
        { customerId: target.id },
      );
      await manager.query(
        `UPDATE customer_contacts SET customer_id = $1 WHERE tenant_id = $2 AND customer_id = $3`,
        [target.id, principal.tenantId, other.id],
      );
      target.tags = [...new Set([...target.tags, ...other.tags])];
      target.attributes = { ...other.attributes, ...target.attributes };
      target.displayName ??= other.displayName;
      await manager.save(target);
      other.mergedInto = target.id;
      await manager.save(other);
      await this.audit(manager, principal, target.id, 'merged', {
        from: other.id,
        identities: identities.length,
      });
      await this.audit(manager, principal, other.id, 'merged_away', { into: target.id });
      return identities;
    });
    for (const identity of moved)
      await this.conversations.forget(
        this.conversations.cacheKey(identity.channelId, identity.externalId),
      );
    return this.profile(principal, id);
  }

  /** The customer's trail, including the trails of every customer merged into it. */
  async auditTrail(principal: Principal, id: string): Promise<CustomerAuditEntry[]> {
    const customer = await this.resolve(this.dataSource.manager, principal.tenantId, id);
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE merged(id) AS (
         SELECT $1::uuid
         UNION SELECT c.id FROM customers c JOIN merged m ON c.merged_into = m.id WHERE c.tenant_id = $2
       ) SELECT id FROM merged`,
      [customer.id, principal.tenantId],
    );
    return this.dataSource.getRepository(CustomerAuditEntry).find({
      where: { tenantId: principal.tenantId, customerId: In(rows.map((row) => row.id)) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  /** The customer now behind an id, following merges; 404 outside the caller's tenant. */
  private async resolve(
    manager: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<Customer> {
    let current = id;
    for (let hops = 0; hops < 10; hops++) {
      const customer = /^[0-9a-f-]{36}$/i.test(current)
        ? await manager.findOne(Customer, {
            where: { id: current, tenantId },
            ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
          })
        : null;
      if (!customer) break;
      if (!customer.mergedInto) return customer;
      current = customer.mergedInto;
    }
    throw new ProblemException(404, 'GATEWAY.CUSTOMER_NOT_FOUND', `No customer ${id}.`);
  }

  private async audit(
    manager: EntityManager,
    principal: Principal,
    customerId: string,
    action: CustomerAuditEntry['action'],
    detail: Record<string, unknown>,
  ): Promise<void> {
    const entry = manager.create(CustomerAuditEntry, {
      tenantId: principal.tenantId,
      customerId,
      action,
      detail,
      actor: principal.subject,
    });
    await manager.save(entry);
  }
}
