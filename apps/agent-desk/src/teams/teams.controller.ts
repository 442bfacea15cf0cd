import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { teamBodySchema, type TeamBody, type TeamList, type TeamView } from './team-schemas';
import { TeamsService } from './teams.service';

/** Teams: supervisors read, admins write. */
@Controller('v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Roles('supervisor')
  async list(@CurrentPrincipal() principal: Principal): Promise<TeamList> {
    return { teams: await this.teams.list(principal.tenantId) };
  }

  @Post()
  @Roles('admin')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(teamBodySchema, 'DESK.INVALID_TEAM')) body: TeamBody,
  ): Promise<TeamView> {
    return this.teams.create(principal.tenantId, body.name);
  }

  @Patch(':id')
  @Roles('admin')
  rename(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(teamBodySchema, 'DESK.INVALID_TEAM')) body: TeamBody,
  ): Promise<TeamView> {
    return this.teams.rename(principal.tenantId, id, body.name);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.teams.remove(principal.tenantId, id);
  }
}
