import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { DEFAULT_PERSONA, personaSchema, type Persona } from './persona';

/** A tenant's persona, stored as one document; the default voice until a supervisor sets one. */
@Injectable()
export class PersonaService {
  constructor(private readonly dataSource: DataSource) {}

  async of(tenantId: string): Promise<Persona> {
    const rows: { persona: unknown }[] = await this.dataSource.query(
      `SELECT persona FROM personas WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!rows[0]) return DEFAULT_PERSONA;
    // Stored documents were valid when written; a later, stricter schema falls back safely.
    const parsed = personaSchema.safeParse(rows[0].persona);
    return parsed.success ? parsed.data : DEFAULT_PERSONA;
  }

  async replace(principal: Principal, persona: Persona): Promise<Persona> {
    await this.dataSource.query(
      `INSERT INTO personas (tenant_id, persona, updated_by, updated_at)
       VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (tenant_id) DO UPDATE
         SET persona = EXCLUDED.persona, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [principal.tenantId, JSON.stringify(persona), principal.subject],
    );
    return persona;
  }
}
