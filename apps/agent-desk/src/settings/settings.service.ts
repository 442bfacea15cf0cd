import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { deskSettingsSchema, type DeskSettings } from './desk-settings';
import { DeskSettingsRow } from './desk-settings.entity';

/**
 * How long a desk instance uses a tenant's settings before reading them again. A PUT on this
 * instance applies at once; on the others within this time.
 */
export const SETTINGS_CACHE_MS = 5_000;

/** Per-tenant desk settings: the defaults until a tenant writes its own. */
@Injectable()
export class SettingsService {
  private readonly cache = new Map<string, { settings: DeskSettings; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async of(tenantId: string, now: number = Date.now()): Promise<DeskSettings> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > now) return cached.settings;
    const row = await this.dataSource.getRepository(DeskSettingsRow).findOneBy({ tenantId });
    // Stored documents were valid when written; parsing again fills fields added since.
    const settings = deskSettingsSchema.parse(row?.settings ?? {});
    this.cache.set(tenantId, { settings, until: now + SETTINGS_CACHE_MS });
    return settings;
  }

  async write(principal: Principal, settings: DeskSettings): Promise<DeskSettings> {
    await this.dataSource.getRepository(DeskSettingsRow).save({
      tenantId: principal.tenantId,
      settings,
      updatedBy: principal.subject,
    });
    this.cache.delete(principal.tenantId);
    return this.of(principal.tenantId);
  }
}
