import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles, ZodPipe } from '@tandem/platform';
import { GapsService, type GapView } from './gaps.service';

const listQuery = z.object({
  status: z.enum(['open', 'closed']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const closeBody = z.object({ articleId: z.string().min(1).max(128) }).strict();

/** Content gaps for supervisors: what to write next, and which article closed what. */
@Controller('v1/gaps')
export class GapsController {
  constructor(private readonly gaps: GapsService) {}

  @Get()
  @Roles('supervisor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ gaps: GapView[] }> {
    const { status, limit } = parseOrThrow(listQuery, query, 'REQUEST.INVALID_QUERY');
    return { gaps: await this.gaps.list(principal.tenantId, status, limit) };
  }

  @Post(':id/close')
  @Roles('supervisor')
  @HttpCode(204)
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(closeBody)) body: z.infer<typeof closeBody>,
  ): Promise<void> {
    await this.gaps.close(principal.tenantId, id, body.articleId);
  }
}
