import { randomBytes } from 'node:crypto';
import { createEvent, ERASED_TEXT, InvalidEventError, type AnyEvent } from '@tandem/contracts';
import { CachedKeyring, openEvent, sealEvent, type CustomerKeyring } from './personal-data';

const tenantId = 't1';
const customerId = '6f1c1c0e-8a57-4c1e-9d7e-2f1f2f3a4b5c';

function keyringWith(keys: Map<string, Buffer | null>): CustomerKeyring & { calls: number } {
  const ring = {
    calls: 0,
    async keyFor(_tenant: string, customer: string) {
      ring.calls += 1;
      if (!keys.has(customer)) throw new Error('key holder unreachable');
      return keys.get(customer)!;
    },
    forget() {},
  };
  return ring;
}

function received(text: string, displayName?: string): AnyEvent {
  return createEvent('message.received', {
    tenantId,
    aggregateId: 'c1',
    customerId,
    payload: {
      messageId: 'm1',
      channel: { id: 'ch', type: 'generic' },
      channelMessageId: 'x1',
      customer: { id: customerId, ...(displayName ? { displayName } : {}) },
      text,
      attachments: [],
      receivedAt: new Date().toISOString(),
    },
  });
}

describe('personal data on the log', () => {
  const key = randomBytes(32);
  const keys = new Map<string, Buffer | null>([[customerId, key]]);

  it('seals the personal fields and nothing else; the original event is unchanged', async () => {
    const event = received('我的手机号是13800138000 🙂', '张三');
    const sealed = await sealEvent(event, keyringWith(keys));
    const wire = JSON.stringify(sealed);
    expect(wire).not.toContain('13800138000');
    expect(wire).not.toContain('张三');
    expect(sealed.payload).toMatchObject({
      messageId: 'm1',
      text: { sealed: expect.any(String) },
      customer: { id: customerId, displayName: { sealed: expect.any(String) } },
    });
    expect(event.type === 'message.received' && event.payload.text).toBe(
      '我的手机号是13800138000 🙂',
    );
  });

  it('opens what it sealed, after a round trip through JSON', async () => {
    const ring = keyringWith(keys);
    const event = received('hello ‮RTL‬ zero​width', 'Ann');
    const wire = JSON.parse(JSON.stringify(await sealEvent(event, ring))) as AnyEvent;
    const opened = await openEvent(wire, ring);
    expect(opened.payload).toEqual(event.payload);
  });

  it('seals every transcript line of a handoff', async () => {
    const event = createEvent('escalation.decided', {
      tenantId,
      aggregateId: 'c1',
      customerId,
      payload: {
        decisionId: 'd1',
        triggeredBy: 'e1',
        reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked' }],
        priority: 'normal',
        skills: [],
        queue: 'general',
        policyVersion: 1,
        handoff: {
          summary: 'Customer Li wants a refund',
          transcript: [
            {
              role: 'customer',
              text: 'refund please',
              at: new Date().toISOString(),
              messageId: 'm1',
            },
            { role: 'bot', text: 'one moment', at: new Date().toISOString(), messageId: 'm2' },
          ],
          customerId,
          channel: { id: 'ch', type: 'generic' },
          lastSentiment: null,
          language: 'en',
        },
      },
    });
    const ring = keyringWith(keys);
    const wire = JSON.stringify(await sealEvent(event, ring));
    expect(wire).not.toContain('refund');
    expect(wire).not.toContain('Li wants');
    const opened = await openEvent(JSON.parse(wire) as AnyEvent, ring);
    expect(opened.payload).toEqual(event.payload);
  });

  it('reads an erased customer as erased: the key is gone, the text with it', async () => {
    const sealed = JSON.parse(
      JSON.stringify(await sealEvent(received('secret'), keyringWith(keys))),
    );
    const erased = keyringWith(new Map([[customerId, null]]));
    const opened = await openEvent(sealed as AnyEvent, erased);
    expect(opened.type === 'message.received' && opened.payload.text).toBe(ERASED_TEXT);
  });

  it('refuses a tampered field or a wrong key', async () => {
    const sealed = JSON.parse(
      JSON.stringify(await sealEvent(received('secret'), keyringWith(keys))),
    );
    const other = keyringWith(new Map([[customerId, randomBytes(32)]]));
    await expect(openEvent(sealed as AnyEvent, other)).rejects.toThrow(InvalidEventError);
  });

  it('leaves plaintext a customer typed alone, even when it looks like a sealed field', async () => {
    const event = received('{"sealed":"AAAA"}');
    const opened = await openEvent(event, keyringWith(keys));
    expect(opened.type === 'message.received' && opened.payload.text).toBe('{"sealed":"AAAA"}');
  });

  it('refuses to put personal text on the log without a customer to seal it for', async () => {
    const event = createEvent('agent.replied', {
      tenantId,
      aggregateId: 'c1',
      payload: { replyId: 'r1', agentId: 'a1', text: 'Hi Ann' },
    });
    await expect(sealEvent(event, keyringWith(keys))).rejects.toThrow(/customerId/);
  });

  it('passes an unreachable key holder on as an error (the consumer waits and retries)', async () => {
    const sealed = JSON.parse(JSON.stringify(await sealEvent(received('x'), keyringWith(keys))));
    await expect(openEvent(sealed as AnyEvent, keyringWith(new Map()))).rejects.toThrow(
      /unreachable/,
    );
  });

  it('caches keys, shares one load between concurrent callers, and forgets on request', async () => {
    let loads = 0;
    const ring = new CachedKeyring(
      async () => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return key;
      },
      { ttlMs: 60_000, maxEntries: 2 },
    );
    await Promise.all([ring.keyFor(tenantId, 'a'), ring.keyFor(tenantId, 'a')]);
    expect(loads).toBe(1);
    await ring.keyFor(tenantId, 'a');
    expect(loads).toBe(1);
    ring.forget(tenantId, 'a');
    await ring.keyFor(tenantId, 'a');
    expect(loads).toBe(2);
    await ring.keyFor(tenantId, 'b');
    await ring.keyFor(tenantId, 'c'); // evicts the oldest ('a')
    await ring.keyFor(tenantId, 'a');
    expect(loads).toBe(5);
  });
});
