import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import {
  agentCsatQuerySchema,
  surveysQuerySchema,
  type AgentCsat,
  type AgentCsatQuery,
  type SurveyList,
  type SurveysQuery,
  type SurveyView,
} from './survey-schemas';
import { SurveysService } from './surveys.service';

/** What customers said after a person resolved: to the agent about their own work, to supervisors about the tenant's. */
@Controller('v1')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  /** The latest survey of a conversation: its agent, or a supervisor. */
  @Get('conversations/:id/survey')
  @Roles('agent')
  ofConversation(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<SurveyView> {
    return this.surveys.ofConversation(principal, id);
  }

  @Get('agents/me/csat')
  @Roles('agent')
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(agentCsatQuerySchema, 'DESK.INVALID_SURVEY_QUERY')) query: AgentCsatQuery,
  ): Promise<AgentCsat> {
    return this.surveys.ofAgent(principal, query);
  }

  @Get('surveys')
  @Roles('supervisor')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(surveysQuerySchema, 'DESK.INVALID_SURVEY_QUERY')) query: SurveysQuery,
  ): Promise<SurveyList> {
    return this.surveys.list(principal, query);
  }
}
