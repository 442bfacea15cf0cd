import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent } from '@tandem/contracts';
import type { CachedKeyring } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, CUSTOMER_KEYRING, LOGGER, ProblemException } from '@tandem/platform';
import { ConversationsService } from '../conversations/conversations.service';
import type { GatewayConfig } from '../config';

export interface Erasure {
  customerId: string;
  erasedCustomerIds: string[];
  conversations: number;
  erasedAt: string;
}

/** Something else that keeps a customer's personal data in the gateway (attachments, web chat history ...). */
export interface ErasureParticipant {
  eraseCustomers(tenantId: string, customerIds: string[]): Promise<void>;
}
export const ERASURE_PARTICIPANTS = Symbol('ERASURE_PARTICIPANTS');

/**
 * The right to be forgotten. In one transaction: the customer's keys are destroyed (so
 * their text on the log can no longer be read, anywhere), the profile is anonymised,
 * identities and contacts are deleted, and `customer.erased` goes to the outbox so every
 * service deletes or anonymises its own copies. What the erasure touched is kept, without
 * personal data, as the record that it happened.
 */
@Injectable()
export class ErasureService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: ConversationsService,
    @Inject(CUSTOMER_KEYRING) private readonly keyring: CachedKeyring,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ERASURE_PARTICIPANTS) private readonly participants: ErasureParticipant[],
  ) {}

  async erase(
    tenantId: string,
    customerId: string,
    reason: 'request' | 'retention',
    actor: string,
  ): Promise<Erasure> {
    if (!/^[0-9a-f-]{36}$/i.test(customerId)) throw notFound(customerId);
    const erasedAt = new Date();
    const result = await this.unitOfWork.run(async (tx) => {
      const manager = tx.manager;
      // The person behind the id: the customer it was merged into, and everyone merged into that.
      const rows: { id: string; root: string }[] = await manager.query(
        `WITH RECURSIVE up AS (
           SELECT id, merged_into, 0 AS depth FROM customers WHERE id = $1 AND tenant_id = $2
           UNION ALL
           SELECT c.id, c.merged_into, up.depth + 1 FROM customers c JOIN up ON c.id = up.merged_into
            WHERE up.depth < 20
         ), root AS (SELECT id FROM up WHERE merged_into IS NULL LIMIT 1),
         down AS (
           SELECT id, 0 AS depth FROM root
           UNION ALL
           SELECT c.id, down.depth + 1 FROM customers c JOIN down ON c.merged_into = down.id
            WHERE down.depth < 20
         )
         SELECT down.id, (SELECT id FROM root) AS root FROM down`,
        [customerId, tenantId],
      );
      if (rows.length === 0) throw notFound(customerId);
      const root = rows[0]!.root;
      const ids = rows.map((row) => row.id);
      await manager.query(`SELECT id FROM customers WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]);
      const already: { erased_at: Date }[] = await manager.query(
        `SELECT erased_at FROM customer_erasures WHERE customer_id = $1`,
        [root],
      );
      if (already.length > 0)
        return {
          customerId: root,
          ids,
          conversationIds: [],
          identities: [],
          erasedAt: already[0]!.erased_at,
          again: true,
        };

      const conversationIds = (
        (await manager.query(
          `SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY created_at`,
          [tenantId, ids],
        )) as { id: string }[]
      ).map((row) => row.id);
      const identities: { channel_id: string; external_id: string }[] = await manager.query(
        `SELECT channel_id, external_id FROM customer_identities
          WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      await manager.query(
        `DELETE FROM customer_identities WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      await manager.query(
        `DELETE FROM customer_contacts WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      await manager.query(`DELETE FROM customer_keys WHERE customer_id = ANY($1::uuid[])`, [ids]);
      await manager.query(
        `INSERT INTO customer_erasures (customer_id, tenant_id, reason, actor, erased_at)
         SELECT unnest($1::uuid[]), $2, $3, $4, $5 ON CONFLICT DO NOTHING`,
        [ids, tenantId, reason, actor, erasedAt],
      );
      await manager.query(
        `UPDATE customers SET display_name = NULL, tags = '{}', attributes = '{}', updated_at = now()
          WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      // A later message from the same address starts afresh, as a new customer.
      await manager.query(
        `UPDATE conversations SET status = 'resolved', external_id = 'erased:' || id::text
          WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      // The trail keeps what happened and who did it, not the identities it named.
      await manager.query(
        `UPDATE customer_audit SET detail = '{}' WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      await manager.query(
        `INSERT INTO customer_audit (tenant_id, customer_id, action, detail, actor)
         VALUES ($1, $2, 'erased', $3, $4)`,
        [
          tenantId,
          root,
          JSON.stringify({ reason, customers: ids.length, conversations: conversationIds.length }),
          actor,
        ],
      );
      tx.emit(
        createEvent('customer.erased', {
          tenantId,
          aggregateId: root,
          customerId: root,
          payload: {
            customerId: root,
            mergedCustomerIds: ids.filter((id) => id !== root),
            conversationIds,
            reason,
            erasedAt: erasedAt.toISOString(),
          },
        }),
      );
      return { customerId: root, ids, conversationIds, identities, erasedAt, again: false };
    });

    for (const id of result.ids) this.keyring.forget(tenantId, id);
    for (const identity of result.identities)
      await this.conversations.forget(
        this.conversations.cacheKey(identity.channel_id, identity.external_id),
      );
    // Copies outside this transaction (attachment bytes, ...): each participant's deletion is
    // idempotent and runs on every request, so asking again finishes one that failed (the
    // keys are gone already, so nothing sealed stays readable meanwhile).
    let complete = true;
    for (const participant of this.participants)
      await participant.eraseCustomers(tenantId, result.ids).catch((error: unknown) => {
        complete = false;
        this.logger.error({ err: error }, 'an erasure participant failed; ask again to finish');
      });
    if (!result.again) {
      this.logger.info(
        { customers: result.ids.length, conversations: result.conversationIds.length, reason },
        'customer erased',
      );
    }
    if (!complete)
      throw new ProblemException(
        503,
        'GATEWAY.ERASURE_INCOMPLETE',
        'The customer is erased, but some stored files could not be deleted yet; ask again.',
        { headers: { 'Retry-After': '30' } },
      );
    return {
      customerId: result.customerId,
      erasedCustomerIds: result.ids,
      conversations: result.conversationIds.length,
      erasedAt: new Date(result.erasedAt).toISOString(),
    };
  }

  async retention(tenantId: string): Promise<{ retentionDays: number | null }> {
    const rows: { retention_days: number | null }[] = await this.dataSource.query(
      `SELECT retention_days FROM tenant_privacy WHERE tenant_id = $1`,
      [tenantId],
    );
    return { retentionDays: rows[0]?.retention_days ?? null };
  }

  async setRetention(
    tenantId: string,
    retentionDays: number | null,
  ): Promise<{ retentionDays: number | null }> {
    await this.dataSource.query(
      `INSERT INTO tenant_privacy (tenant_id, retention_days) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET retention_days = EXCLUDED.retention_days, updated_at = now()`,
      [tenantId, retentionDays],
    );
    return { retentionDays };
  }

  /**
   * Erases customers nobody has heard from for longer than their tenant's retention period
   * (counted from their last message). One instance sweeps at a time (advisory lock).
   */
  async sweepRetention(): Promise<number> {
    const candidates: { id: string; tenant_id: string }[] = await this.dataSource.transaction(
      async (manager) => {
        const [{ locked }] = await manager.query(
          `SELECT pg_try_advisory_xact_lock(hashtext('gateway.retention')) AS locked`,
        );
        if (!locked) return [];
        return manager.query(
          `SELECT c.id, c.tenant_id
             FROM customers c
             JOIN tenant_privacy t ON t.tenant_id = c.tenant_id AND t.retention_days IS NOT NULL
            WHERE c.merged_into IS NULL
              AND NOT EXISTS (SELECT 1 FROM customer_erasures e WHERE e.customer_id = c.id)
              AND c.updated_at < now() - make_interval(days => t.retention_days)
              AND NOT EXISTS (
                SELECT 1 FROM conversations v
                 WHERE v.customer_id IN (
                         SELECT m.id FROM customers m WHERE m.id = c.id OR m.merged_into = c.id)
                   AND v.last_message_at >= now() - make_interval(days => t.retention_days))
            LIMIT 500`,
        );
      },
    );
    for (const candidate of candidates)
      await this.erase(candidate.tenant_id, candidate.id, 'retention', 'retention-policy').catch(
        (error: unknown) => this.logger.error({ err: error }, 'retention erasure incomplete'),
      );
    return candidates.length;
  }

  onApplicationBootstrap(): void {
    if (this.config.RETENTION_SWEEP_MS <= 0) return;
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweepRetention()
        .then((erased) => {
          if (erased > 0) this.logger.info({ erased }, 'retention sweep erased customers');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'retention sweep failed'))
        .finally(() => {
          this.sweeping = null;
        });
    }, this.config.RETENTION_SWEEP_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
  }
}

function notFound(customerId: string): ProblemException {
  return new ProblemException(404, 'GATEWAY.CUSTOMER_NOT_FOUND', `No customer ${customerId}.`);
}
