import type { Redis } from 'ioredis';

export interface RateLimit {
  key: string;
  /** Requests allowed per one-second window. */
  perSecond: number;
}

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

/**
 * Fixed one-second windows counted in Redis, so every gateway instance shares the limit.
 * All limits are counted in one round trip; a request over any limit is refused.
 */
export async function checkRateLimits(
  redis: Redis,
  limits: readonly RateLimit[],
  now: number = Date.now(),
): Promise<RateDecision> {
  const window = Math.floor(now / 1000);
  const pipeline = redis.multi();
  for (const limit of limits)
    pipeline.incr(`${limit.key}:${window}`).expire(`${limit.key}:${window}`, 2);
  const results = (await pipeline.exec()) ?? [];
  for (const [index, limit] of limits.entries()) {
    const [error, count] = results[index * 2] ?? [null, 0];
    if (error) throw error;
    if (Number(count) > limit.perSecond)
      return { allowed: false, retryAfterSeconds: 1, key: limit.key };
  }
  return { allowed: true };
}
