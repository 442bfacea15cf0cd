import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles } from '@tandem/platform';
import { SuggestionsService, type SuggestionView } from './suggestions.service';

const listQuery = z.object({
  status: z.enum(['pending', 'accepted', 'rejected']).default('pending'),
});

/** Review of what resolved cases suggest for existing articles. */
@Controller('v1/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @Roles('supervisor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ suggestions: SuggestionView[] }> {
    const { status } = parseOrThrow(listQuery, query, 'REQUEST.INVALID_QUERY');
    return { suggestions: await this.suggestions.list(principal.tenantId, status) };
  }

  @Post(':id/accept')
  @Roles('supervisor')
  @HttpCode(204)
  async accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.suggestions.decide(principal.tenantId, id, 'accepted', principal.subject);
  }

  @Post(':id/reject')
  @Roles('supervisor')
  @HttpCode(204)
  async reject(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.suggestions.decide(principal.tenantId, id, 'rejected', principal.subject);
  }
}
