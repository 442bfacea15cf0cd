import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import {
  DEFAULT_POLICY,
  DEFAULT_POLICY_VERSION,
  policyDocumentSchema,
  type EscalationPolicy,
  type PolicyDocument,
} from '../escalation/policy';
import { PolicyRow } from './policy.entity';

/** One version of a policy as the API shows it; version 1 is the built-in default. */
export const policyVersionViewSchema = z.object({
  version: z.number().int().positive(),
  isDefault: z.boolean().describe('The built-in default (version 1)'),
  createdAt: z.iso.datetime().nullable().describe('Null for the default'),
  createdBy: z.string().nullable().describe('Who published it; null for the default'),
  policy: policyDocumentSchema,
});
export type PolicyVersionView = z.infer<typeof policyVersionViewSchema>;

/** A version in the list (`GET /v1/policies/versions`): without its document. */
export const policyVersionSummarySchema = policyVersionViewSchema.omit({ policy: true });
export type PolicyVersionSummary = z.infer<typeof policyVersionSummarySchema>;

/**
 * How long a router instance applies a tenant's policy before reading it again. A PUT on
 * this instance takes effect at once; on other instances within this time. Reading per
 * event would add a query to every decision for a table that changes a few times a year.
 */
export const POLICY_CACHE_MS = 5_000;

/** Per-tenant, versioned escalation policies: the built-in default until a tenant writes one. */
@Injectable()
export class PolicyService {
  private readonly logger = new Logger(PolicyService.name);
  private readonly cache = new Map<string, { policy: EscalationPolicy; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** The policy decisions apply now (cached briefly), with its version. */
  async current(tenantId: string, now: number = Date.now()): Promise<EscalationPolicy> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > now) return cached.policy;
    const view = await this.currentVersion(tenantId);
    const policy = { ...view.policy, version: view.version };
    this.cache.set(tenantId, { policy, until: now + POLICY_CACHE_MS });
    return policy;
  }

  async currentVersion(tenantId: string): Promise<PolicyVersionView> {
    const row = await this.dataSource.getRepository(PolicyRow).findOne({
      where: { tenantId },
      order: { version: 'DESC' },
    });
    return row ? this.view(row) : defaultView();
  }

  /** Stores the document as the tenant's next version; it applies from the next decision on. */
  async publish(principal: Principal, policy: PolicyDocument): Promise<PolicyVersionView> {
    const row = await this.dataSource.transaction(async (manager) => {
      // Two admins saving at once get two versions, one after the other.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `router.policy:${principal.tenantId}`,
      ]);
      const [{ latest }] = (await manager.query(
        `SELECT COALESCE(MAX(version), $2::int) AS latest FROM policies WHERE tenant_id = $1`,
        [principal.tenantId, DEFAULT_POLICY_VERSION],
      )) as [{ latest: number }];
      return manager.save(PolicyRow, {
        tenantId: principal.tenantId,
        version: latest + 1,
        policy,
        createdBy: principal.subject,
      });
    });
    this.cache.delete(principal.tenantId);
    this.logger.log({ tenantId: principal.tenantId, version: row.version }, 'policy published');
    return this.view(row);
  }

  /** Every version, newest first, ending with the built-in default. */
  async versions(tenantId: string): Promise<PolicyVersionSummary[]> {
    const rows = await this.dataSource.getRepository(PolicyRow).find({
      where: { tenantId },
      order: { version: 'DESC' },
      select: { tenantId: true, version: true, createdBy: true, createdAt: true },
    });
    const { policy: _default, ...builtIn } = defaultView();
    return [
      ...rows.map((row) => ({
        version: row.version,
        isDefault: false,
        createdAt: row.createdAt.toISOString(),
        createdBy: row.createdBy,
      })),
      builtIn,
    ];
  }

  async version(tenantId: string, version: number): Promise<PolicyVersionView> {
    if (version === DEFAULT_POLICY_VERSION) return defaultView();
    const row = await this.dataSource.getRepository(PolicyRow).findOneBy({ tenantId, version });
    if (!row)
      throw new ProblemException(
        404,
        'ROUTER.POLICY_VERSION_NOT_FOUND',
        `This tenant has no policy version ${version}.`,
      );
    return this.view(row);
  }

  private view(row: PolicyRow): PolicyVersionView {
    // Stored documents were valid when written. Should a later, stricter schema refuse one,
    // decisions fall back to the default and say so by its version, never by this one.
    const parsed = policyDocumentSchema.safeParse(row.policy);
    if (!parsed.success) {
      this.logger.warn(
        { tenantId: row.tenantId, version: row.version },
        'stored policy no longer valid; the default applies',
      );
      return defaultView();
    }
    return {
      version: row.version,
      isDefault: false,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      policy: parsed.data,
    };
  }
}

/** Version 1, the built-in default, as the API shows it. */
export function defaultView(): PolicyVersionView {
  const { version, ...policy } = DEFAULT_POLICY;
  return { version, isDefault: true, createdAt: null, createdBy: null, policy };
}
