import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles, ZodPipe } from '@tandem/platform';
import {
  agentScheduleSchema,
  coverageQuerySchema,
  type AgentSchedule,
  type AgentScheduleView,
  type Coverage,
  type MyScheduleView,
} from './agent-schedule';
import { SchedulesService } from './schedules.service';

/** Agents' schedules: supervisors plan them, agents read their own. */
@Controller('v1')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  /** Declared before `agents/:id/schedule`, so "me" is never taken for an id. */
  @Get('agents/me/schedule')
  @Roles('agent')
  mine(@CurrentPrincipal() principal: Principal): Promise<MyScheduleView> {
    return this.schedules.mine(principal);
  }

  @Get('agents/:id/schedule')
  @Roles('supervisor')
  of(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<AgentScheduleView> {
    return this.schedules.of(principal.tenantId, id);
  }

  /** Replaces the agent's schedule. */
  @Put('agents/:id/schedule')
  @Roles('supervisor')
  write(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(agentScheduleSchema, 'DESK.INVALID_SCHEDULE')) body: AgentSchedule,
  ): Promise<AgentScheduleView> {
    return this.schedules.write(principal, id, body);
  }

  /** The agent has no schedule any more: the end of a shift no longer sets them away. */
  @Delete('agents/:id/schedule')
  @Roles('supervisor')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.schedules.remove(principal.tenantId, id);
  }

  @Get('schedules/coverage')
  @Roles('supervisor')
  coverage(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<Coverage> {
    const parsed = parseOrThrow(coverageQuerySchema, query, 'DESK.INVALID_COVERAGE_QUERY');
    return this.schedules.coverage(principal.tenantId, parsed);
  }
}
