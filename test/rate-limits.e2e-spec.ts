import { signBody } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/** Per-channel limits, counted in Redis, answered with 429 and Retry-After. */
describe('rate limits at the webhook', () => {
  const platform = new PlatformUnderTest({ RATE_LIMIT_CHANNEL_PER_SECOND: '5' }, ['gateway'], {
    tap: false,
  });
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it('refuses a burst over the limit with 429 problem+json and Retry-After; the refused ones go through later', async () => {
    const ids = Array.from({ length: 20 }, () => uniqueId('burst-'));
    const answers = await Promise.all(
      ids.map((id) => platform.customerSays('c1', 'hello', { messageId: id })),
    );
    const refused = answers.filter((response) => response.status === 429);
    const accepted = answers.filter((response) => response.status === 202);
    expect(accepted.length + refused.length).toBe(20);
    // 5 per one-second window; a burst may straddle two windows.
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    expect(accepted.length).toBeLessThanOrEqual(10);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(refused[0]!.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused[0]!.json()).toMatchObject({ status: 429, code: 'GATEWAY.RATE_LIMITED' });

    const retry = ids[answers.indexOf(refused[0]!)]!;
    await eventually(
      async () =>
        expect((await platform.customerSays('c1', 'hello', { messageId: retry })).status).toBe(202),
      {
        timeoutMs: 5_000,
        intervalMs: 300,
      },
    );
  });

  it('forged requests do not use up the channel’s quota', async () => {
    // Start at the beginning of a fresh second window.
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 20));
    const forged = await Promise.all(
      Array.from({ length: 30 }, () => {
        const body = JSON.stringify({
          messageId: uniqueId('forged-'),
          from: { id: 'c2' },
          text: 'x',
        });
        return platform.customerSays('c2', '', {
          rawBody: body,
          signature: signBody('not-the-channel-secret', body, Math.floor(Date.now() / 1000)),
        });
      }),
    );
    expect(forged.every((response) => response.status === 401)).toBe(true);
    expect(
      (await platform.customerSays('c2', 'the real customer', { messageId: uniqueId('real-') }))
        .status,
    ).toBe(202);
  });
});
