import { Body, Controller, Get, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { topicsSchema, type Topics } from './topics';
import { TopicsService } from './topics.service';

/** What a tenant's customers write about: the analysis reports it as `intent`. */
@Controller('v1/topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @Roles('agent')
  async get(@CurrentPrincipal() principal: Principal): Promise<Topics> {
    return { topics: await this.topics.of(principal.tenantId) };
  }

  /** Replaces the topics; the next message is analysed with them. */
  @Put()
  @Roles('supervisor')
  replace(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(topicsSchema)) body: Topics,
  ): Promise<Topics> {
    return this.topics.replace(principal, body);
  }
}
