import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { presenceSchema, type PresenceBody } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import {
  agentCreateSchema,
  agentUpdateSchema,
  passwordResetSchema,
  type AgentCreateBody,
  type AgentUpdateBody,
  type PasswordResetBody,
} from './agent-schemas';
import { toAgentView, type AgentList, type AgentView } from './agent-view';
import { AgentsService } from './agents.service';

/** Agents: their own seat and presence; supervisors watch and set presence; admins manage. */
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get('me')
  @Roles('agent')
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentView> {
    return toAgentView(await this.agents.me(principal.tenantId, principal.subject));
  }

  /** Going online makes the agent eligible for offers at once; leaving returns pending offers. */
  @Put('me/presence')
  @Roles('agent')
  async setMyPresence(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(presenceSchema, 'DESK.INVALID_PRESENCE')) body: PresenceBody,
  ): Promise<AgentView> {
    await this.agents.me(principal.tenantId, principal.subject);
    return this.agents.setPresence(principal.tenantId, principal.subject, body, 'agent');
  }

  @Get()
  @Roles('supervisor')
  async list(@CurrentPrincipal() principal: Principal): Promise<AgentList> {
    return { agents: await this.agents.list(principal.tenantId) };
  }

  @Put(':id/presence')
  @Roles('supervisor')
  async setPresence(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(presenceSchema, 'DESK.INVALID_PRESENCE')) body: PresenceBody,
  ): Promise<AgentView> {
    await this.agents.find(principal.tenantId, id);
    return this.agents.setPresence(principal.tenantId, id, body, 'supervisor');
  }

  @Post()
  @Roles('admin')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(agentCreateSchema, 'DESK.INVALID_AGENT')) body: AgentCreateBody,
  ): Promise<AgentView> {
    return this.agents.create(principal.tenantId, body);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(agentUpdateSchema, 'DESK.INVALID_AGENT')) body: AgentUpdateBody,
  ): Promise<AgentView> {
    return this.agents.update(principal.tenantId, id, body);
  }

  @Post(':id/password')
  @Roles('admin')
  @HttpCode(204)
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(passwordResetSchema, 'DESK.INVALID_PASSWORD')) body: PasswordResetBody,
  ): Promise<void> {
    return this.agents.resetPassword(principal.tenantId, id, body.password);
  }

  @Post(':id/deactivate')
  @Roles('admin')
  @HttpCode(200)
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<AgentView> {
    return this.agents.setActive(principal.tenantId, id, false, principal.subject);
  }

  @Post(':id/activate')
  @Roles('admin')
  @HttpCode(200)
  activate(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AgentView> {
    return this.agents.setActive(principal.tenantId, id, true, principal.subject);
  }
}
