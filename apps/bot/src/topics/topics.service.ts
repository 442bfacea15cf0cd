import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { topicsSchema, type Topics } from './topics';

/**
 * How long an instance reuses a tenant's topics: every customer message is analysed with
 * them, and they change rarely. A PUT applies at once on the instance that took it.
 */
export const TOPICS_CACHE_MS = 5_000;

/** A tenant's topics, one document per tenant; none until a supervisor sets them. */
@Injectable()
export class TopicsService {
  private readonly cache = new Map<string, { topics: Topics['topics']; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async of(tenantId: string, now = Date.now()): Promise<Topics['topics']> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > now) return cached.topics;
    const rows: { topics: unknown }[] = await this.dataSource.query(
      `SELECT topics FROM topics WHERE tenant_id = $1`,
      [tenantId],
    );
    // Stored documents were valid when written; a later, stricter schema reads as none.
    const parsed = rows[0] ? topicsSchema.safeParse(rows[0].topics) : null;
    const topics = parsed?.success ? parsed.data.topics : [];
    this.cache.set(tenantId, { topics, until: now + TOPICS_CACHE_MS });
    return topics;
  }

  async replace(principal: Principal, document: Topics): Promise<Topics> {
    await this.dataSource.query(
      `INSERT INTO topics (tenant_id, topics, updated_by, updated_at)
       VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (tenant_id) DO UPDATE
         SET topics = EXCLUDED.topics, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [principal.tenantId, JSON.stringify(document), principal.subject],
    );
    this.cache.delete(principal.tenantId);
    return document;
  }
}
