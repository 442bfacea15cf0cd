import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { appDataSourceOptions, migrate } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { createTestDatabase, dropTestDatabase, uniqueId } from '@tandem/testing';
import { ROUTER_SCHEMA, routerEntities, routerMigrations } from '../database';
import { DEFAULT_POLICY, policyDocumentSchema } from '../escalation/policy';
import { POLICY_CACHE_MS, PolicyService } from './policy.service';

/** Versioned per-tenant policies on the real Postgres. */
describe('PolicyService', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let policies: PolicyService;
  const admin = (tenantId: string): Principal => ({
    kind: 'user',
    subject: 'admin-1',
    tenantId,
    role: 'admin',
  });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema: ROUTER_SCHEMA,
        entities: routerEntities,
        migrations: routerMigrations,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, ROUTER_SCHEMA);
    policies = new PolicyService(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('a tenant without a policy decides with the default, version 1', async () => {
    expect(await policies.current(uniqueId('t'))).toEqual(DEFAULT_POLICY);
  });

  it('admins saving at once get distinct, consecutive versions; tenants do not share them', async () => {
    const tenantId = uniqueId('t');
    const other = uniqueId('t');
    const saved = await Promise.all(
      [3, 4, 5, 6].map((consecutive) =>
        policies.publish(
          admin(tenantId),
          policyDocumentSchema.parse({ deferrals: { consecutive } }),
        ),
      ),
    );
    expect(saved.map((view) => view.version).sort()).toEqual([2, 3, 4, 5]);
    expect((await policies.publish(admin(other), policyDocumentSchema.parse({}))).version).toBe(2);
    const latest = saved.find((view) => view.version === 5)!;
    expect(await policies.currentVersion(tenantId)).toEqual(latest);
    expect((await policies.versions(tenantId)).map((view) => view.version)).toEqual([
      5, 4, 3, 2, 1,
    ]);
  });

  it('decisions see a new version at once on this instance, and within the cache time elsewhere', async () => {
    const tenantId = uniqueId('t');
    const elsewhere = new PolicyService(dataSource);
    const now = Date.now();
    expect((await elsewhere.current(tenantId, now)).version).toBe(1);
    await policies.publish(admin(tenantId), policyDocumentSchema.parse({ turns: { max: 12 } }));
    expect(await policies.current(tenantId, now)).toMatchObject({ version: 2, turns: { max: 12 } });
    expect((await elsewhere.current(tenantId, now + POLICY_CACHE_MS - 1)).version).toBe(1);
    expect((await elsewhere.current(tenantId, now + POLICY_CACHE_MS)).version).toBe(2);
  });

  it('a stored version the schema now refuses is not applied: the default is, under its own version', async () => {
    const tenantId = uniqueId('t');
    await dataSource.query(
      `INSERT INTO policies (tenant_id, version, policy, created_by) VALUES ($1, 2, $2::jsonb, 'old')`,
      [tenantId, JSON.stringify({ retiredField: true })],
    );
    expect(await policies.current(tenantId)).toEqual(DEFAULT_POLICY);
  });

  it('an unknown version is a 404 with a stable code', async () => {
    await expect(policies.version(uniqueId('t'), 7)).rejects.toMatchObject({
      constructor: ProblemException,
      code: 'ROUTER.POLICY_VERSION_NOT_FOUND',
    });
  });
});
