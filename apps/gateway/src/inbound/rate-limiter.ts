import type { ChainableCommander, Redis } from 'ioredis';

export interface RateLimit {
  key: string;
  /** Requests allowed per one-second window. */
  perSecond: number;
}

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

type PipelineResults = [error: Error | null, result: unknown][];

/**
 * Fixed one-second windows counted in Redis, so every gateway instance shares the limit.
 * The counting commands are queued on a caller's pipeline, so they can share its round trip.
 */
export function queueRateLimits(
  pipeline: ChainableCommander,
  limits: readonly RateLimit[],
  now: number,
): void {
  const window = Math.floor(now / 1000);
  for (const limit of limits)
    pipeline.incr(`${limit.key}:${window}`).expire(`${limit.key}:${window}`, 2);
}

/** Reads the counts queued by queueRateLimits (the first 2 × limits results); refuses over any limit. */
export function judgeRateLimits(
  results: PipelineResults,
  limits: readonly RateLimit[],
): RateDecision {
  for (const [index, limit] of limits.entries()) {
    const [error, count] = results[index * 2] ?? [null, 0];
    if (error) throw error;
    if (Number(count) > limit.perSecond)
      return { allowed: false, retryAfterSeconds: 1, key: limit.key };
  }
  return { allowed: true };
}

export async function checkRateLimits(
  redis: Redis,
  limits: readonly RateLimit[],
  now: number = Date.now(),
): Promise<RateDecision> {
  const pipeline = redis.multi();
  queueRateLimits(pipeline, limits, now);
  return judgeRateLimits((await pipeline.exec()) ?? [], limits);
}
