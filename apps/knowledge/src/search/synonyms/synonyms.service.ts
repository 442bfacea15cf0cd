import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { Synonyms, type SynonymGroups } from './synonyms';

/** A tenant's synonym groups, stored as one document; saving one changes search at once. */
@Injectable()
export class SynonymsService {
  constructor(private readonly dataSource: DataSource) {}

  async groupsOf(tenantId: string): Promise<SynonymGroups['groups']> {
    const rows: { groups: string[][] }[] = await this.dataSource.query(
      `SELECT groups FROM tenant_synonyms WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.groups ?? [];
  }

  async of(tenantId: string): Promise<Synonyms> {
    const groups = await this.groupsOf(tenantId);
    return groups.length === 0 ? Synonyms.none : new Synonyms(groups);
  }

  /** Replaces the tenant's groups (the table's trigger bumps its search generation). */
  async replace(principal: Principal, body: SynonymGroups): Promise<SynonymGroups['groups']> {
    await this.dataSource.query(
      `INSERT INTO tenant_synonyms (tenant_id, groups, updated_by, updated_at)
       VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (tenant_id) DO UPDATE
         SET groups = EXCLUDED.groups, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [principal.tenantId, JSON.stringify(body.groups), principal.subject],
    );
    return body.groups;
  }
}
