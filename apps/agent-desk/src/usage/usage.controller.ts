import { Controller, Get, Query } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles } from '@tandem/platform';
import { usageQuerySchema, type UsageResponse } from './usage.schemas';
import { UsageService } from './usage.service';

/** The tenant's usage for billing (seats, conversations, bot answers, model tokens), for admins. */
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @Roles('admin')
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<UsageResponse> {
    return this.usage.usage(
      principal.tenantId,
      parseOrThrow(usageQuerySchema, query, 'DESK.INVALID_USAGE_QUERY'),
    );
  }
}
