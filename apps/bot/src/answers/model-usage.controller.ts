import { Controller, Get, Query } from '@nestjs/common';
import { modelUsageQuerySchema, type ModelUsageResponse } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, ProblemException, Roles } from '@tandem/platform';
import { ModelUsageRepository } from './model-usage.repository';

const MAX_DAYS = 366;

@Controller('v1/usage')
export class ModelUsageController {
  constructor(private readonly usage: ModelUsageRepository) {}

  /** Tokens the bot's model spent for the tenant, per UTC day and model, `from`..`to` inclusive. */
  @Get('model')
  @Roles('supervisor')
  async model(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<ModelUsageResponse> {
    const { from, to } = parseOrThrow(modelUsageQuerySchema, query, 'REQUEST.INVALID_QUERY');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0 || days >= MAX_DAYS)
      throw new ProblemException(
        400,
        'BOT.INVALID_USAGE_RANGE',
        `from must not be after to, and the range at most ${MAX_DAYS} days.`,
      );
    return { days: await this.usage.list(principal.tenantId, from, to) };
  }
}
