import { signBody, SIGNATURE_HEADER } from '@tandem/contracts';
import { uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Profile {
  id: string;
  displayName: string | null;
  tier: string;
  tags: string[];
  attributes: Record<string, unknown>;
  identities: { channelId: string; externalId: string }[];
  contacts: { kind: string; value: string }[];
  conversations: { id: string; channelId: string }[];
}

/** One customer across channels: linked by a verified contact, by hand, or by a merge, with an audit trail. */
describe('customers across channels', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'agent-desk']);
  let supervisor = '';
  let agent = '';
  let secondChannel = '';
  const secondSecret = 'second-channel-secret-123';

  beforeAll(async () => {
    await platform.start();
    supervisor = await platform.login('sam@demo.test');
    agent = await platform.login('alice@demo.test');
    const admin = await platform.login('admin@demo.test');
    const created = await platform.call<{ id: string }>('gateway', 'POST', '/v1/channels', admin, {
      type: 'generic',
      name: 'Mobile app',
      secret: secondSecret,
      callbackUrl: 'http://127.0.0.1:9/unused',
    });
    secondChannel = created.body.id;
  }, 120_000);
  afterAll(() => platform.stop());

  async function say(
    channelId: string,
    secret: string,
    from: Record<string, string>,
    text: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const body = JSON.stringify({ messageId: uniqueId('m-'), from, text });
    const response = await fetch(`${platform.url('gateway')}/v1/channels/${channelId}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { conversationId: string; messageId: string };
  }

  /** The customer the gateway attached to one message. */
  async function customerOf(accepted: { messageId: string }): Promise<string> {
    return (await platform.received({ messageId: accepted.messageId })).payload.customer.id;
  }

  it('a verified e-mail on a second channel joins the customer the first channel knows', async () => {
    const web = await say(
      platform.channelId,
      platform.secret,
      { id: 'visitor-1', name: 'Li Lei', verifiedEmail: 'Li.Lei@Example.com' },
      'hello from the web',
    );
    const app = await say(
      secondChannel,
      secondSecret,
      { id: 'app-user-9', verifiedEmail: 'li.lei@example.com' },
      'hello from the app',
    );
    const customer = await customerOf(web);
    expect(await customerOf(app)).toBe(customer);

    const profile = await platform.call<Profile>(
      'gateway',
      'GET',
      `/v1/customers/${customer}`,
      agent,
    );
    expect(profile.status).toBe(200);
    expect(profile.body.displayName).toBe('Li Lei');
    expect(profile.body.identities.map((i) => i.externalId).sort()).toEqual([
      'app-user-9',
      'visitor-1',
    ]);
    expect(profile.body.contacts).toEqual([{ kind: 'email', value: 'li.lei@example.com' }]);
    expect(profile.body.conversations.map((c) => c.channelId).sort()).toEqual(
      [platform.channelId, secondChannel].sort(),
    );
  });

  it('an unverified identity stays its own customer until a supervisor links it', async () => {
    const first = await say(platform.channelId, platform.secret, { id: 'visitor-2' }, 'first');
    const second = await say(secondChannel, secondSecret, { id: 'app-user-2' }, 'second');
    const a = await customerOf(first);
    const b = await customerOf(second);
    expect(a).not.toBe(b);

    expect(
      (
        await platform.call('gateway', 'POST', `/v1/customers/${a}/identities`, agent, {
          channelId: secondChannel,
          externalId: 'app-user-2',
        })
      ).status,
    ).toBe(403);
    const linked = await platform.call<Profile>(
      'gateway',
      'POST',
      `/v1/customers/${a}/identities`,
      supervisor,
      {
        channelId: secondChannel,
        externalId: 'app-user-2',
      },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.identities.map((i) => i.externalId).sort()).toEqual([
      'app-user-2',
      'visitor-2',
    ]);
    // The next message on the linked identity carries the linked customer.
    const next = await say(secondChannel, secondSecret, { id: 'app-user-2' }, 'again');
    expect(await customerOf(next)).toBe(a);
  });

  it('merging moves identities and history, follows the merged id, and is audited', async () => {
    const one = await customerOf(
      await say(platform.channelId, platform.secret, { id: 'visitor-3' }, 'one'),
    );
    const two = await customerOf(
      await say(secondChannel, secondSecret, { id: 'app-user-3' }, 'two'),
    );
    await platform.call('gateway', 'PATCH', `/v1/customers/${two}`, agent, {
      tier: 'vip',
      tags: ['repeat'],
      attributes: { orders: 12 },
    });

    const merged = await platform.call<Profile>(
      'gateway',
      'POST',
      `/v1/customers/${one}/merge`,
      supervisor,
      { customerId: two },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.identities).toHaveLength(2);
    expect(merged.body.tags).toEqual(['repeat']);
    expect(merged.body.attributes).toEqual({ orders: 12 });
    // The old id still answers, with the customer it became.
    expect(
      (await platform.call<Profile>('gateway', 'GET', `/v1/customers/${two}`, agent)).body.id,
    ).toBe(one);
    const again = await platform.call<{ code: string }>(
      'gateway',
      'POST',
      `/v1/customers/${one}/merge`,
      supervisor,
      { customerId: two },
    );
    expect(again.status).toBe(409);

    const audit = await platform.call<{
      entries: { customerId: string; action: string; actor: string }[];
    }>('gateway', 'GET', `/v1/customers/${one}/audit`, supervisor);
    expect(
      audit.body.entries.map((e) => `${e.customerId === one ? 'one' : 'two'}:${e.action}`),
    ).toEqual(['two:updated', 'one:merged', 'two:merged_away']);
  });

  it('bad input gets problem+json; another tenant’s customer does not exist', async () => {
    const customer = await customerOf(
      await say(platform.channelId, platform.secret, { id: 'visitor-4' }, 'x'),
    );
    const empty = await platform.call<{ code: string }>(
      'gateway',
      'PATCH',
      `/v1/customers/${customer}`,
      agent,
      {},
    );
    expect(empty).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID_BODY' } });
    const unknown = await platform.call<{ code: string }>(
      'gateway',
      'GET',
      '/v1/customers/00000000-0000-4000-8000-000000000000',
      agent,
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'GATEWAY.CUSTOMER_NOT_FOUND' } });
  });
});
