import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import {
  cannedResponseBodySchema,
  cannedResponseQuerySchema,
  renderQuerySchema,
  type CannedResponseBody,
  type CannedResponseView,
  type RenderedResponse,
} from './canned-response.schemas';
import { CannedResponsesService } from './canned-responses.service';

/** The tenant's canned responses: everyone at the desk reads and renders, supervisors write. */
@Controller('v1/canned-responses')
export class CannedResponsesController {
  constructor(private readonly responses: CannedResponsesService) {}

  @Get()
  @Roles('agent')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(cannedResponseQuerySchema, 'DESK.INVALID_QUERY'))
    query: z.infer<typeof cannedResponseQuerySchema>,
  ): Promise<{ cannedResponses: CannedResponseView[] }> {
    return { cannedResponses: await this.responses.list(principal, query) };
  }

  @Get(':id')
  @Roles('agent')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<CannedResponseView> {
    return this.responses.get(principal, id);
  }

  @Get(':id/render')
  @Roles('agent')
  render(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodPipe(renderQuerySchema, 'DESK.INVALID_QUERY'))
    query: z.infer<typeof renderQuerySchema>,
  ): Promise<RenderedResponse> {
    return this.responses.render(principal, id, query.conversationId);
  }

  @Post()
  @Roles('supervisor')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(cannedResponseBodySchema, 'DESK.INVALID_CANNED_RESPONSE'))
    body: CannedResponseBody,
  ): Promise<CannedResponseView> {
    return this.responses.create(principal, body);
  }

  @Put(':id')
  @Roles('supervisor')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(cannedResponseBodySchema, 'DESK.INVALID_CANNED_RESPONSE'))
    body: CannedResponseBody,
  ): Promise<CannedResponseView> {
    return this.responses.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('supervisor')
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.responses.remove(principal, id);
  }
}
