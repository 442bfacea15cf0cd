import { Body, Controller, Get, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { synonymGroupsSchema, type SynonymGroups } from './synonyms';
import { SynonymsService } from './synonyms.service';

/** Per-tenant synonyms for search: groups of words that mean the same to this business. */
@Controller('v1/synonyms')
export class SynonymsController {
  constructor(private readonly synonyms: SynonymsService) {}

  @Get()
  @Roles('agent')
  async list(@CurrentPrincipal() principal: Principal): Promise<SynonymGroups> {
    return { groups: await this.synonyms.groupsOf(principal.tenantId) };
  }

  /** Replaces every group; search uses them from the next query on. */
  @Put()
  @Roles('supervisor')
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(synonymGroupsSchema)) body: SynonymGroups,
  ): Promise<SynonymGroups> {
    return { groups: await this.synonyms.replace(principal, body) };
  }
}
