import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedToken, SharedTokenStore } from './adapters/wechat.adapter';

/** Deletes the key only while it still holds the refused token (another may have replaced it). */
const FORGET_IF_SAME = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).token == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** WeChat access tokens in Redis, shared by every gateway instance. */
export class RedisWeChatTokens implements SharedTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string): Promise<SharedToken | null> {
    const value = await this.redis.get(this.tokenKey(key));
    if (!value) return null;
    const parsed = JSON.parse(value) as Partial<SharedToken>;
    return typeof parsed.token === 'string' && typeof parsed.refreshAt === 'number'
      ? { token: parsed.token, refreshAt: parsed.refreshAt }
      : null;
  }

  async set(key: string, token: SharedToken): Promise<void> {
    const ttlMs = token.refreshAt - this.clock();
    if (ttlMs <= 0) return;
    await this.redis.set(this.tokenKey(key), JSON.stringify(token), 'PX', ttlMs);
  }

  async forget(key: string, token: string): Promise<void> {
    await this.redis.eval(FORGET_IF_SAME, 1, this.tokenKey(key), token);
  }

  async claimFetch(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.claimKey(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async releaseFetch(key: string): Promise<void> {
    await this.redis.del(this.claimKey(key));
  }

  /** The account (API base and appId) hashed: no credentials-looking names in Redis. */
  private tokenKey(key: string): string {
    return `${this.prefix}:gateway:wechat-token:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  }

  private claimKey(key: string): string {
    return `${this.tokenKey(key)}:fetching`;
  }
}
