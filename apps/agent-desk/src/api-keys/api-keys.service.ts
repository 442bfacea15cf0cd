import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyStore, generateApiKey, type Role } from '@tandem/auth';
import type { Logger } from '@tandem/observability';
import { LOGGER, ProblemException } from '@tandem/platform';
import { ApiKey } from './api-key.entity';

/**
 * The desk owns API keys (hashed, in Postgres) and mirrors the hashes to Redis, where
 * every service verifies them. At boot it re-mirrors them all, so Redis can be rebuilt.
 */
@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ApiKeyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const keys = await this.dataSource.getRepository(ApiKey).findBy({ revokedAt: IsNull() });
    for (const key of keys) await this.mirror(key);
    this.logger.info({ count: keys.length }, 'API keys mirrored to Redis');
  }

  /** Returns the key once; it cannot be shown again. */
  async create(tenantId: string, name: string, role: Role): Promise<{ id: string; key: string }> {
    const { key, hash } = generateApiKey();
    const repository = this.dataSource.getRepository(ApiKey);
    const saved = await repository.save(
      repository.create({ tenantId, name, role, hash, revokedAt: null }),
    );
    await this.mirror(saved);
    return { id: saved.id, key };
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    const repository = this.dataSource.getRepository(ApiKey);
    const key = /^[0-9a-f-]{36}$/i.test(id) ? await repository.findOneBy({ id, tenantId }) : null;
    if (!key) throw new ProblemException(404, 'DESK.API_KEY_NOT_FOUND', `No API key ${id}.`);
    key.revokedAt = new Date();
    await repository.save(key);
    await this.store.remove(key.hash);
  }

  private mirror(key: ApiKey): Promise<void> {
    return this.store.put(key.hash, {
      keyId: key.id,
      tenantId: key.tenantId,
      role: key.role,
      name: key.name,
    });
  }
}
