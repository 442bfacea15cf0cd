import { Inject, Injectable } from '@nestjs/common';
import { modelUsageResponseSchema, type ModelUsageResponse } from '@tandem/contracts';
import { APP_CONFIG, ServiceClient } from '@tandem/platform';
import type { DeskConfig } from '../config';

/** The bot's `GET /v1/usage/model` (tokens per UTC day and model), asked with a service token. */
@Injectable()
export class BotUsage {
  constructor(
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: Pick<DeskConfig, 'BOT_URL' | 'BOT_TIMEOUT_MS'>,
  ) {}

  model(tenantId: string, from: string, to: string): Promise<ModelUsageResponse> {
    const query = new URLSearchParams({ from, to });
    return this.services.get(
      `${this.config.BOT_URL}/v1/usage/model?${query.toString()}`,
      tenantId,
      modelUsageResponseSchema,
      this.config.BOT_TIMEOUT_MS,
    );
  }
}
