import { Client } from 'pg';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * One authentication for every service: tokens the desk issues and API keys a tenant admin
 * creates are accepted everywhere, always within the caller's tenant.
 */
describe('authentication across services', () => {
  const platform = new PlatformUnderTest({}, ['knowledge', 'agent-desk', 'gateway']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it.each([
    ['gateway', 'GET', '/v1/channels'],
    ['agent-desk', 'GET', '/v1/offers'],
    ['knowledge', 'POST', '/v1/search'],
  ] as const)('%s %s %s needs credentials: 401 problem+json', async (app, method, path) => {
    const response = await fetch(`${platform.url(app)}${path}`, { method });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('a wrong password gets the same answer as an unknown account', async () => {
    const attempt = (email: string) =>
      fetch(`${platform.url('agent-desk')}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: platform.tenantId, email, password: 'wrong-password' }),
      });
    for (const email of ['alice@demo.test', 'nobody@demo.test']) {
      const response = await attempt(email);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS' });
    }
  });

  it('a desk-issued token works on another service, within its tenant', async () => {
    const token = await platform.login('alice@demo.test');
    const search = await platform.call<{ hits: { title: string }[] }>(
      'knowledge',
      'POST',
      '/v1/search',
      token,
      {
        query: '退款多久到账',
      },
    );
    expect(search.status).toBe(200);
    expect(search.body.hits[0]?.title).toBe('退款多久到账');

    const refresh = await fetch(`${platform.url('agent-desk')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: platform.tenantId,
        email: 'alice@demo.test',
        password: 'tandem-demo',
      }),
    });
    const { refreshToken } = (await refresh.json()) as { refreshToken: string };
    // A refresh token is not an access token.
    expect(
      (await platform.call('knowledge', 'POST', '/v1/search', refreshToken, { query: 'x' })).status,
    ).toBe(401);
  });

  it('roles are enforced: an agent may not manage channels or API keys', async () => {
    const token = await platform.login('alice@demo.test');
    const channel = await platform.call<{ code: string }>(
      'gateway',
      'POST',
      '/v1/channels',
      token,
      {
        type: 'generic',
        name: 'x',
        secret: 'a-long-enough-secret',
        callbackUrl: 'http://127.0.0.1:1/cb',
      },
    );
    expect(channel.status).toBe(403);
    expect(channel.body.code).toBe('AUTH.FORBIDDEN');
    expect(
      (await platform.call('agent-desk', 'POST', '/v1/api-keys', token, { name: 'k' })).status,
    ).toBe(403);
  });

  it('an API key made by an admin works on every service until it is revoked', async () => {
    const admin = await platform.login('admin@demo.test');
    const created = await platform.call<{ id: string; key: string }>(
      'agent-desk',
      'POST',
      '/v1/api-keys',
      admin,
      {
        name: 'crm sync',
        role: 'supervisor',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^tdk_/);
    const withKey = (app: 'gateway' | 'knowledge', path: string) =>
      fetch(`${platform.url(app)}${path}`, { headers: { 'x-api-key': created.body.key } });

    expect((await withKey('knowledge', '/v1/articles?status=published')).status).toBe(200);
    const channels = await withKey('gateway', '/v1/channels');
    expect(channels.status).toBe(200);
    const { channels: list } = (await channels.json()) as {
      channels: { id: string; secret?: string }[];
    };
    expect(list.map((c) => c.id).sort()).toEqual(
      [platform.channelId, platform.webchatChannelId].sort(),
    );
    expect(list[0]).not.toHaveProperty('secret');

    expect(
      (await platform.call('agent-desk', 'DELETE', `/v1/api-keys/${created.body.id}`, admin))
        .status,
    ).toBe(204);
    const revoked = await withKey('knowledge', '/v1/articles');
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'AUTH.INVALID_API_KEY' });
  });

  it('an admin creates a channel whose secret is never shown again', async () => {
    const admin = await platform.login('admin@demo.test');
    const created = await platform.call<Record<string, unknown>>(
      'gateway',
      'POST',
      '/v1/channels',
      admin,
      {
        type: 'generic',
        name: 'Support widget',
        secret: 'another-long-secret-value',
        callbackUrl: 'https://example.test/callback',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'generic', name: 'Support widget', enabled: true });
    expect(JSON.stringify(created.body)).not.toContain('another-long-secret-value');
  });

  it('stores channel secrets sealed, and still checks webhooks with them', async () => {
    const client = new Client({ connectionString: platform.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ secret: string; settings: Record<string, string> }>(
        'SELECT secret, settings FROM gateway.channels WHERE id = $1',
        [platform.channelId],
      );
      expect(rows[0]?.secret).toMatch(/^enc:v1:/);
      expect(rows[0]?.secret).not.toContain(platform.secret);
    } finally {
      await client.end();
    }
    expect((await platform.customerSays('sealed-check', 'hello')).status).toBe(202);
  });
});
