import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles } from '@tandem/platform';
import { UsageService, type ArticleUsageView } from './usage.service';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** Per article: retrievals, answers the bot gave with it, customers' ratings of those answers. */
  @Get('articles')
  @Roles('supervisor')
  async articles(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ articles: ArticleUsageView[] }> {
    const { limit } = parseOrThrow(listQuery, query, 'REQUEST.INVALID_QUERY');
    return { articles: await this.usage.list(principal.tenantId, limit) };
  }
}
