import { Redis } from 'ioredis';
import { stackEnv, uniqueId } from '@tandem/testing';
import { checkRateLimits, countAndRead } from './rate-limiter';

describe('rate limits shared through Redis', () => {
  const redis = new Redis(stackEnv().REDIS_URL);
  afterAll(() => redis.quit());

  it('allows up to the limit in one second, refuses the next, and opens again the next second', async () => {
    const limits = [{ key: uniqueId('rl-channel-'), perSecond: 3 }];
    const second = 1_800_000_000_000;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await checkRateLimits(redis, limits, second + 100));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await checkRateLimits(redis, limits, second + 1_000)).toEqual({ allowed: true });
  });

  it('counts every limit: a busy tenant stops a quiet channel', async () => {
    const tenant = { key: uniqueId('rl-tenant-'), perSecond: 2 };
    const now = 1_800_000_005_000;
    await checkRateLimits(redis, [{ key: uniqueId('rl-a-'), perSecond: 100 }, tenant], now);
    await checkRateLimits(redis, [{ key: uniqueId('rl-b-'), perSecond: 100 }, tenant], now);
    const third = await checkRateLimits(
      redis,
      [{ key: uniqueId('rl-c-'), perSecond: 100 }, tenant],
      now,
    );
    expect(third).toEqual({ allowed: false, retryAfterSeconds: 1, key: tenant.key });
  });

  it('is shared: two clients (two gateway instances) count against one limit', async () => {
    const other = new Redis(stackEnv().REDIS_URL);
    const limits = [{ key: uniqueId('rl-shared-'), perSecond: 2 }];
    const now = 1_800_000_010_000;
    await checkRateLimits(redis, limits, now);
    await checkRateLimits(other, limits, now);
    expect((await checkRateLimits(other, limits, now)).allowed).toBe(false);
    await other.quit();
  });

  it('reads the given keys in the same command, null where absent, and counts the limit', async () => {
    const present = uniqueId('rl-read-');
    await redis.set(present, 'conversation customer', 'EX', 60);
    const limits = [{ key: uniqueId('rl-read-limit-'), perSecond: 1 }];
    const now = 1_800_000_015_000;
    const first = await countAndRead(redis, limits, [present, uniqueId('rl-absent-')], now);
    expect(first).toEqual({ decision: { allowed: true }, values: ['conversation customer', null] });
    const second = await countAndRead(redis, limits, [present], now);
    expect(second.decision).toEqual({ allowed: false, retryAfterSeconds: 1, key: limits[0]!.key });
    expect(await redis.ttl(`${limits[0]!.key}:${Math.floor(now / 1000)}`)).toBeGreaterThan(0);
  });

  it('works the same on an auto-pipelining client', async () => {
    const pipelining = new Redis(stackEnv().REDIS_URL, { enableAutoPipelining: true });
    const limits = [{ key: uniqueId('rl-auto-'), perSecond: 2 }];
    const now = 1_800_000_020_000;
    const decisions = await Promise.all(
      [1, 2, 3].map(() => countAndRead(pipelining, limits, [uniqueId('rl-none-')], now)),
    );
    expect(decisions.map((d) => d.decision.allowed).sort()).toEqual([false, true, true]);
    expect(decisions.every((d) => d.values[0] === null)).toBe(true);
    await pipelining.quit();
  });
});
