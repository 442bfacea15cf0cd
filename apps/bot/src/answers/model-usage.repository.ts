import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ModelUsage } from './responder';

export interface ModelUsageRow {
  day: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  requests: number;
}

/** Tokens the model spent per tenant, UTC day and model (messages and playground alike). */
@Injectable()
export class ModelUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(tenantId: string, usage: ModelUsage | undefined, now: Date): Promise<void> {
    if (!usage || usage.requests === 0) return;
    await this.dataSource.query(
      `INSERT INTO model_usage (tenant_id, day, model, prompt_tokens, completion_tokens, requests)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, day, model) DO UPDATE SET
         prompt_tokens = model_usage.prompt_tokens + EXCLUDED.prompt_tokens,
         completion_tokens = model_usage.completion_tokens + EXCLUDED.completion_tokens,
         requests = model_usage.requests + EXCLUDED.requests`,
      [
        tenantId,
        now.toISOString().slice(0, 10),
        usage.model,
        usage.promptTokens,
        usage.completionTokens,
        usage.requests,
      ],
    );
  }

  /** Days from `from` to `to` inclusive (YYYY-MM-DD), oldest first. */
  async list(tenantId: string, from: string, to: string): Promise<ModelUsageRow[]> {
    const rows: {
      day: string;
      model: string;
      prompt_tokens: string;
      completion_tokens: string;
      requests: number;
    }[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, model, prompt_tokens, completion_tokens, requests
         FROM model_usage
        WHERE tenant_id = $1 AND day BETWEEN $2 AND $3
        ORDER BY day, model`,
      [tenantId, from, to],
    );
    return rows.map((row) => ({
      day: row.day,
      model: row.model,
      promptTokens: Number(row.prompt_tokens),
      completionTokens: Number(row.completion_tokens),
      requests: Number(row.requests),
    }));
  }
}
