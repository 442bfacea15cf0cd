import type { Redis } from 'ioredis';

export interface RateLimit {
  key: string;
  /** Requests allowed per one-second window. */
  perSecond: number;
}

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

export interface CountedRead {
  decision: RateDecision;
  /** The values of the keys asked for, in order (null where a key is absent). */
  values: (string | null)[];
}

/**
 * Counts one request against each limit's current window (a window's counter expires after
 * 2 s) and reads the given keys, atomically and in one command: with auto-pipelining, the
 * lookups of requests that arrive together share one write to Redis.
 */
const COUNT_AND_READ = `
local limits = tonumber(ARGV[1])
local out = {}
for i = 1, limits do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('EXPIRE', KEYS[i], 2) end
  out[i] = count
end
for i = limits + 1, #KEYS do
  out[i] = redis.call('GET', KEYS[i])
end
return out
`;

type WithCountAndRead = Redis & {
  tandemCountAndRead(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<unknown[]>;
};

/** The script is registered once per client; ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT. */
function withScript(redis: Redis): WithCountAndRead {
  if (!('tandemCountAndRead' in redis))
    redis.defineCommand('tandemCountAndRead', { lua: COUNT_AND_READ });
  return redis as WithCountAndRead;
}

/**
 * Fixed one-second windows counted in Redis, so every gateway instance shares the limit;
 * refuses over any limit. `keys` are read in the same round trip (duplicate markers, cached
 * conversations), so the hot path pays for one Redis command.
 */
export async function countAndRead(
  redis: Redis,
  limits: readonly RateLimit[],
  keys: readonly string[],
  now: number = Date.now(),
): Promise<CountedRead> {
  const window = Math.floor(now / 1000);
  const counterKeys = limits.map((limit) => `${limit.key}:${window}`);
  const result = await withScript(redis).tandemCountAndRead(
    counterKeys.length + keys.length,
    ...counterKeys,
    ...keys,
    limits.length,
  );
  let decision: RateDecision = { allowed: true };
  for (const [index, limit] of limits.entries()) {
    if (Number(result[index]) > limit.perSecond) {
      decision = { allowed: false, retryAfterSeconds: 1, key: limit.key };
      break;
    }
  }
  const values = keys.map((_, index) => {
    const value = result[limits.length + index];
    return typeof value === 'string' ? value : null;
  });
  return { decision, values };
}

export async function checkRateLimits(
  redis: Redis,
  limits: readonly RateLimit[],
  now: number = Date.now(),
): Promise<RateDecision> {
  return (await countAndRead(redis, limits, [], now)).decision;
}
