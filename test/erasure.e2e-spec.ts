import { Client } from 'pg';
import { ERASED_TEXT, parseEventJson, type AnyEvent } from '@tandem/contracts';
import { openEvent } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * The right to be forgotten: erasing a customer destroys their key, so their text on the
 * log can no longer be read, and every service deletes or anonymises its copies. Retention
 * per tenant erases customers nobody has heard from for longer than the tenant keeps data.
 */
describe('erasure and retention', () => {
  const platform = new PlatformUnderTest({ RETENTION_SWEEP_MS: '500' });
  let db: Client;
  let supervisor = '';
  let admin = '';

  beforeAll(async () => {
    await platform.start();
    supervisor = await platform.login('sam@demo.test');
    admin = await platform.login('admin@demo.test');
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await platform.stop();
  });

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params);
    return Number(rows[0]!.n);
  }

  /** The records of one conversation as stored on the log, not opened. */
  function rawRecordsOf(conversationId: string): string[] {
    return platform
      .rawRecords()
      .filter((record) => record.key === conversationId && record.value !== null)
      .map((record) => record.value!);
  }

  const secret = '我的电话是13800138000，talk to a human please';
  let customerId = '';
  let conversationId = '';
  const visitorId = uniqueId('erase-');

  it('personal text is sealed on the log and readable by the services', async () => {
    const accepted = await platform.verifiedCustomerSays(
      { id: visitorId, verifiedEmail: `${visitorId}@example.com` },
      secret,
    );
    conversationId = accepted.conversationId;
    const received = await platform.received({ messageId: accepted.messageId });
    customerId = received.payload.customer.id;
    expect(received.customerId).toBe(customerId);
    expect(received.payload.text).toBe(secret); // opened with the customer's key

    // The escalation quotes the customer: its transcript is sealed too, and the desk has it.
    const escalation = await eventually(() => {
      const [event] = platform.eventsOf('escalation.decided', conversationId);
      if (!event) throw new Error('not escalated yet');
      return event;
    });
    expect(escalation.payload.handoff.transcript.map((entry) => entry.text)).toContain(secret);
    const raw = rawRecordsOf(conversationId);
    expect(raw.length).toBeGreaterThanOrEqual(3);
    for (const value of raw) expect(value).not.toContain('13800138000');
    expect(raw.some((value) => value.includes('"sealed"'))).toBe(true);

    await eventually(async () => {
      expect(
        await count(`desk.conversations WHERE id = $1 AND handoff::text LIKE '%13800138000%'`, [
          conversationId,
        ]),
      ).toBe(1);
      expect(
        await count(`knowledge.case_messages WHERE conversation_id = $1`, [conversationId]),
      ).toBe(1);
      expect(
        await count(`router.conversation_states WHERE conversation_id = $1`, [conversationId]),
      ).toBe(1);
    });
  });

  it('erasing destroys the key: the log becomes unreadable and every service forgets', async () => {
    const agent = await platform.login('alice@demo.test');
    const forbidden = await platform.call<{ code: string }>(
      'gateway',
      'POST',
      `/v1/customers/${customerId}/erasure`,
      agent,
    );
    expect(forbidden.status).toBe(403);

    const erased = await platform.call<{ customerId: string; conversations: number }>(
      'gateway',
      'POST',
      `/v1/customers/${customerId}/erasure`,
      supervisor,
    );
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customerId, conversations: 1 });

    const event = await eventually(() => {
      const [found] = platform.eventsOf('customer.erased');
      if (!found) throw new Error('no customer.erased yet');
      return found;
    });
    expect(event.payload).toMatchObject({
      customerId,
      conversationIds: [conversationId],
      reason: 'request',
    });

    // Nobody can get the key any more, so the sealed records read as erased.
    const fresh = platform.keyring(0);
    await expect(fresh.keyFor(platform.tenantId, customerId)).resolves.toBeNull();
    for (const value of rawRecordsOf(conversationId)) {
      const parsed = parseEventJson(value);
      if (!parsed.ok) throw new Error('unparseable record');
      const opened = (await openEvent(parsed.value as AnyEvent, fresh)) as AnyEvent;
      if (opened.type === 'message.received') expect(opened.payload.text).toBe(ERASED_TEXT);
      if (opened.type === 'escalation.decided')
        expect(opened.payload.handoff.transcript.every((line) => line.text === ERASED_TEXT)).toBe(
          true,
        );
    }

    await eventually(async () => {
      expect(await count(`desk.messages WHERE conversation_id = $1`, [conversationId])).toBe(0);
      expect(
        await count(`desk.conversations WHERE id = $1 AND handoff::text LIKE '%13800138000%'`, [
          conversationId,
        ]),
      ).toBe(0);
      expect(
        await count(`knowledge.case_messages WHERE conversation_id = $1`, [conversationId]),
      ).toBe(0);
      expect(
        await count(`router.conversation_states WHERE conversation_id = $1`, [conversationId]),
      ).toBe(0);
    });
    expect(await count(`gateway.customer_identities WHERE customer_id = $1`, [customerId])).toBe(0);
    expect(await count(`gateway.customer_contacts WHERE customer_id = $1`, [customerId])).toBe(0);
    const profile = await platform.call<{ displayName: string | null; identities: unknown[] }>(
      'gateway',
      'GET',
      `/v1/customers/${customerId}`,
      supervisor,
    );
    expect(profile.body).toMatchObject({ displayName: null, identities: [] });

    // Asking again is harmless: the same erasure is reported, nothing new is emitted.
    const again = await platform.call(
      'gateway',
      'POST',
      `/v1/customers/${customerId}/erasure`,
      supervisor,
    );
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.eventsOf('customer.erased')).toHaveLength(1);
  });

  it('the same address writing again is a new customer with a new conversation', async () => {
    const [first] = platform.eventsOf('message.received', conversationId);
    const accepted = await platform.verifiedCustomerSays({ id: visitorId }, 'hello again');
    expect(accepted.conversationId).not.toBe(conversationId);
    const again = await platform.received({ messageId: accepted.messageId });
    expect(again.payload.customer.id).not.toBe(first!.payload.customer.id);
    expect(again.payload.text).toBe('hello again');
  });

  it('an unknown customer is a 404 problem; retention is validated', async () => {
    const unknown = await platform.call<{ code: string }>(
      'gateway',
      'POST',
      `/v1/customers/00000000-0000-4000-8000-00000000abcd/erasure`,
      supervisor,
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'GATEWAY.CUSTOMER_NOT_FOUND' } });
    const bad = await platform.call<{ code: string }>(
      'gateway',
      'PUT',
      '/v1/privacy/retention',
      admin,
      {
        retentionDays: 0,
      },
    );
    expect(bad.status).toBe(400);
  });

  it('retention erases customers silent for longer than the tenant keeps data, and only them', async () => {
    const old = await platform.verifiedCustomerSays({ id: uniqueId('old-') }, 'an old question');
    const recent = await platform.verifiedCustomerSays({ id: uniqueId('new-') }, 'a new question');
    const oldCustomer = (await platform.received({ messageId: old.messageId })).payload.customer.id;
    const recentCustomer = (await platform.received({ messageId: recent.messageId })).payload
      .customer.id;
    await db.query(
      `UPDATE gateway.conversations SET last_message_at = now() - interval '40 days' WHERE customer_id = $1`,
      [oldCustomer],
    );
    await db.query(
      `UPDATE gateway.customers SET updated_at = now() - interval '40 days' WHERE id = $1`,
      [oldCustomer],
    );
    const set = await platform.call('gateway', 'PUT', '/v1/privacy/retention', admin, {
      retentionDays: 30,
    });
    expect(set).toMatchObject({ status: 200, body: { retentionDays: 30 } });

    const event = await eventually(() => {
      const found = platform
        .eventsOf('customer.erased')
        .find((candidate) => candidate.payload.customerId === oldCustomer);
      if (!found) throw new Error('not erased yet');
      return found;
    });
    expect(event.payload).toMatchObject({
      reason: 'retention',
      conversationIds: [old.conversationId],
    });
    expect(await count(`gateway.customer_keys WHERE customer_id = $1`, [recentCustomer])).toBe(1);
    expect(await count(`gateway.customer_erasures WHERE customer_id = $1`, [recentCustomer])).toBe(
      0,
    );
  });
});
