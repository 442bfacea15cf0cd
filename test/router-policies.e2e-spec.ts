import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface PolicyView {
  version: number;
  isDefault: boolean;
  createdBy: string | null;
  policy: Record<string, unknown> & { vip: { immediate: boolean; tiers: string[] } };
}

/**
 * Escalation policies as data, against the running apps: a tenant reads the default, an admin
 * writes versions (validated), and the router decides with the tenant's current version —
 * here sending a customer who became VIP straight to people, through the tier the gateway
 * puts on each message.
 */
describe('escalation policies', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot', 'router']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it('the default until the tenant writes one; each PUT is a new version; bad policies are refused', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const admin = platform.tokenAs('admin');
    const initial = await platform.call<PolicyView>(
      'router',
      'GET',
      '/v1/policies/current',
      supervisor,
    );
    expect(initial).toMatchObject({ status: 200, body: { version: 1, isDefault: true } });
    expect(initial.body.policy).toMatchObject({ queue: 'general', turns: { max: 8 } });

    const asSupervisor = await platform.call('router', 'PUT', '/v1/policies', supervisor, {});
    expect(asSupervisor.status).toBe(403);
    const asAgent = await platform.call(
      'router',
      'GET',
      '/v1/policies/current',
      platform.tokenAs('agent'),
    );
    expect(asAgent.status).toBe(403);

    const bad = await platform.call<{ code: string; errors: { path: string }[] }>(
      'router',
      'PUT',
      '/v1/policies',
      admin,
      { negativeSentiment: { intensity: 2 }, vipp: {}, topics: [{ intents: [] }] },
    );
    expect(bad).toMatchObject({ status: 400, body: { code: 'ROUTER.INVALID_POLICY' } });
    expect(bad.body.errors.map((error) => error.path).sort()).toEqual(
      ['(root)', 'negativeSentiment.intensity', 'topics.0.intents'].sort(),
    );

    const saved = await platform.call<PolicyView>('router', 'PUT', '/v1/policies', admin, {
      vip: { immediate: true, queue: 'vip' },
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { version: 2, isDefault: false, createdBy: 'test-admin' },
    });
    // Fields left out took their defaults.
    expect(saved.body.policy).toMatchObject({
      vip: { immediate: true, tiers: ['vip'], queue: 'vip' },
      deferrals: { consecutive: 2 },
    });
    const current = await platform.call<PolicyView>(
      'router',
      'GET',
      '/v1/policies/current',
      supervisor,
    );
    expect(current.body).toEqual(saved.body);

    const versions = await platform.call<{ versions: PolicyView[] }>(
      'router',
      'GET',
      '/v1/policies/versions',
      supervisor,
    );
    expect(versions.body.versions.map((version) => [version.version, version.isDefault])).toEqual([
      [2, false],
      [1, true],
    ]);
    const two = await platform.call<PolicyView>(
      'router',
      'GET',
      '/v1/policies/versions/2',
      supervisor,
    );
    expect(two.body).toEqual(saved.body);
    const one = await platform.call<PolicyView>(
      'router',
      'GET',
      '/v1/policies/versions/1',
      supervisor,
    );
    expect(one.body).toEqual(initial.body);
    expect(
      await platform.call('router', 'GET', '/v1/policies/versions/9', supervisor),
    ).toMatchObject({ status: 404, body: { code: 'ROUTER.POLICY_VERSION_NOT_FOUND' } });
    expect(
      await platform.call('router', 'GET', '/v1/policies/versions/two', supervisor),
    ).toMatchObject({ status: 400, body: { code: 'ROUTER.INVALID_VERSION' } });
  });

  it('a customer made VIP goes straight to people under the tenant’s policy, which the decision records', async () => {
    const customer = uniqueId('customer-');
    const first = await platform.customerSays(customer, 'When will my card arrive?');
    const { conversationId, messageId } = (await first.json()) as {
      conversationId: string;
      messageId: string;
    };
    const received = await platform.received({ messageId });
    expect(received.payload.customer.tier).toBe('standard');
    await eventually(() =>
      expect(platform.eventsOf('bot.replied', conversationId)).toHaveLength(1),
    );
    expect(platform.eventsOf('escalation.decided', conversationId)).toHaveLength(0);

    const made = await platform.call(
      'gateway',
      'PATCH',
      `/v1/customers/${received.payload.customer.id}`,
      platform.tokenAs('agent'),
      { tier: 'VIP' },
    );
    expect(made.status).toBe(200);

    const second = await platform.customerSays(customer, 'And can I pick it up in a shop?');
    const { messageId: secondId } = (await second.json()) as { messageId: string };
    expect((await platform.received({ messageId: secondId })).payload.customer.tier).toBe('VIP');
    const [decided] = await eventually(() => {
      const found = platform.eventsOf('escalation.decided', conversationId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(decided!.payload).toMatchObject({
      reasons: [{ code: 'VIP' }],
      priority: 'high',
      queue: 'vip',
      policyVersion: 2,
    });
  });
});
