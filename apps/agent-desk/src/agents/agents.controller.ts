import { Body, Controller, Get, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { presenceSchema, type PresenceBody } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, ProblemException, Roles, ZodPipe } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import { Agent, toAgentView, type AgentView } from './agent.entity';

@Controller('v1/agents')
@Roles('agent')
export class AgentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignment: AssignmentService,
  ) {}

  @Get('me')
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentView> {
    return toAgentView(await this.find(principal));
  }

  /** Going online makes the agent eligible for offers at once. */
  @Put('me/presence')
  async setPresence(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(presenceSchema)) body: PresenceBody,
  ): Promise<AgentView> {
    const agent = await this.find(principal);
    agent.presence = body.status;
    agent.presenceAt = new Date();
    await this.dataSource.getRepository(Agent).save(agent);
    if (body.status === 'online') await this.assignment.dispatch(principal.tenantId);
    return toAgentView(agent);
  }

  private async find(principal: Principal): Promise<Agent> {
    const agent = await this.dataSource
      .getRepository(Agent)
      .findOneBy({ id: principal.subject, tenantId: principal.tenantId });
    if (!agent)
      throw new ProblemException(
        403,
        'DESK.NOT_AN_AGENT',
        'This account is not an agent of the tenant.',
      );
    return agent;
  }
}
