import { signBody } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PrivateKafkaBroker } from '../scripts/harness/kafka-broker';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * A message is accepted only once Kafka has it. With the broker down the gateway answers
 * 503 (so the channel retries) and stores nothing; once the broker is back, the channel's
 * retry succeeds and the log holds the message exactly once.
 */
describe('the gateway while Kafka is down', () => {
  const broker = new PrivateKafkaBroker();
  let platform: PlatformUnderTest;
  const customer = uniqueId('customer-');

  beforeAll(async () => {
    await broker.up();
    platform = new PlatformUnderTest(
      { KAFKA_BROKERS: broker.brokers, KAFKA_SEND_TIMEOUT_MS: '3000' },
      ['gateway'],
    );
    await platform.start();
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    await broker.destroy();
  });

  it('answers 503 with Retry-After, stores nothing, and takes the retry once Kafka is back', async () => {
    expect(
      (await platform.customerSays(customer, 'before the outage', { messageId: 'm-before' }))
        .status,
    ).toBe(202);

    await broker.down();
    const refused = await platform.customerSays(customer, 'during the outage', {
      messageId: 'm-outage',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ code: 'GATEWAY.BROKER_UNAVAILABLE', status: 503 });
    expect((await fetch(`${platform.url('gateway')}/health/ready`)).status).toBe(503);

    await broker.up();
    // The channel retries, signing again, until the gateway takes it.
    await eventually(
      async () => {
        const retried = await platform.customerSays(customer, 'during the outage', {
          messageId: 'm-outage',
        });
        expect(retried.status).toBe(202);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    const again = await platform.customerSays(customer, 'during the outage', {
      messageId: 'm-outage',
    });
    expect(await again.json()).toMatchObject({ status: 'duplicate' });

    await platform.startTap();
    await eventually(() => {
      const received = platform
        .eventsOf('message.received')
        .map((event) => event.payload.channelMessageId);
      expect(received.sort()).toEqual(['m-before', 'm-outage']);
    });
  });
});

describe('webhook input the gateway refuses', () => {
  const platform = new PlatformUnderTest({}, ['gateway']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  const now = () => Math.floor(Date.now() / 1000);
  const valid = (messageId: string) =>
    JSON.stringify({ messageId, from: { id: 'c1' }, text: 'hello' });

  const refusals = [
    [
      'a forged signature',
      () =>
        platform.customerSays('c1', '', {
          rawBody: valid('r1'),
          signature: signBody('not-the-secret-123456', valid('r1'), now()),
        }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'no signature',
      () => platform.customerSays('c1', '', { rawBody: valid('r2'), signature: '' }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'a replayed, ten-minute-old signature',
      () =>
        platform.customerSays('c1', '', {
          rawBody: valid('r3'),
          signature: signBody(platform.secret, valid('r3'), now() - 600),
        }),
      401,
      'GATEWAY.STALE_SIGNATURE',
    ],
    [
      'malformed JSON',
      () => platform.customerSays('c1', '', { rawBody: '{"messageId": "r4", ' }),
      400,
      'REQUEST.MALFORMED_JSON',
    ],
    [
      'a message without a sender',
      () =>
        platform.customerSays('c1', '', {
          rawBody: JSON.stringify({ messageId: 'r5', text: 'hi' }),
        }),
      400,
      'GATEWAY.INVALID_MESSAGE',
    ],
    [
      'a message with neither text nor action',
      () =>
        platform.customerSays('c1', '', {
          rawBody: JSON.stringify({ messageId: 'r6', from: { id: 'c1' }, text: '   ' }),
        }),
      400,
      'GATEWAY.INVALID_MESSAGE',
    ],
  ] as const;

  it.each(refusals.map(([name, send, status, code]) => [name, status, code, send] as const))(
    '%s → %i %s, and nothing is published',
    async (_case, status, code, send) => {
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status, code });
    },
  );

  it('an unknown channel → 404 GATEWAY.UNKNOWN_CHANNEL', async () => {
    const response = await fetch(
      `${platform.url('gateway')}/v1/channels/00000000-0000-4000-8000-00000000ffff/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: valid('r7'),
      },
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'GATEWAY.UNKNOWN_CHANNEL' });
  });

  it('published nothing for any refused request, and exactly one event per accepted one', async () => {
    expect(
      (await platform.customerSays('c1', 'a real question', { messageId: 'ok-1' })).status,
    ).toBe(202);
    expect(
      (await platform.customerSays('c1', 'a real question', { messageId: 'ok-1' })).status,
    ).toBe(202);
    await eventually(() =>
      expect(platform.eventsOf('message.received').map((e) => e.payload.channelMessageId)).toEqual([
        'ok-1',
      ]),
    );
  });
});
