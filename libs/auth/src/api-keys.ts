import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ROLES, type Principal } from './principal';

const KEY_PREFIX = 'tdk_';
const recordSchema = z.object({
  keyId: z.string(),
  tenantId: z.string(),
  role: z.enum(ROLES),
  name: z.string(),
});
export type ApiKeyRecord = z.infer<typeof recordSchema>;

/** A new random API key; only its hash is ever stored. */
export function generateApiKey(): { key: string; hash: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key) };
}

/** Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function redisKey(hash: string): string {
  return `tandem:api-keys:${hash}`;
}

/**
 * Per-tenant API keys for machines. The desk owns them (hashed, in its schema) and mirrors
 * the hashes here, in Redis, where every service verifies them.
 */
export class ApiKeyStore {
  constructor(private readonly redis: Redis) {}

  async put(hash: string, record: ApiKeyRecord): Promise<void> {
    await this.redis.set(redisKey(hash), JSON.stringify(record));
  }

  async remove(hash: string): Promise<void> {
    await this.redis.del(redisKey(hash));
  }

  async verify(key: string): Promise<Principal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const raw = await this.redis.get(redisKey(hashApiKey(key)));
    if (!raw) return null;
    const record = recordSchema.safeParse(JSON.parse(raw));
    if (!record.success) return null;
    return {
      kind: 'api-key',
      subject: `api-key:${record.data.keyId}`,
      tenantId: record.data.tenantId,
      role: record.data.role,
      name: record.data.name,
    };
  }
}
