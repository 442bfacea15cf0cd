import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { policyDocumentSchema } from '../escalation/policy';
import { ReplayJobs, type ReplayJobView, type ReplaySummary } from './replay-jobs.service';

/** A candidate: a policy document, or a stored version; neither = the current policy. */
export const replayRequestSchema = z
  .strictObject({
    policy: policyDocumentSchema.optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((body) => !(body.policy && body.version !== undefined), {
    message: 'give a policy or a version, not both',
  });
type ReplayRequest = z.infer<typeof replayRequestSchema>;

/**
 * Policy replay: how a candidate policy would have decided on the tenant's past
 * conversations, from the log, without affecting anything. Asynchronous: `POST` answers 202
 * with the job; `GET /v1/replays/{id}` shows its progress and, when done, its report.
 */
@Controller('v1/replays')
export class ReplayController {
  constructor(private readonly jobs: ReplayJobs) {}

  @Post()
  @HttpCode(202)
  @Roles('supervisor')
  request(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(replayRequestSchema, 'ROUTER.INVALID_REPLAY')) body: ReplayRequest,
  ): Promise<ReplayJobView> {
    return this.jobs.request(principal, body);
  }

  @Get()
  @Roles('supervisor')
  async recent(@CurrentPrincipal() principal: Principal): Promise<{ replays: ReplaySummary[] }> {
    return { replays: await this.jobs.recent(principal.tenantId) };
  }

  @Get(':id')
  @Roles('supervisor')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReplayJobView> {
    return this.jobs.get(principal.tenantId, id);
  }
}
