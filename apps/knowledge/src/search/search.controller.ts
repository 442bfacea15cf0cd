import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { searchRequestSchema, type SearchRequest, type SearchResponse } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { UsageService } from '../usage/usage.service';
import { SearchService } from './search.service';

@Controller('v1/search')
export class SearchController {
  constructor(
    private readonly searchService: SearchService,
    private readonly usage: UsageService,
  ) {}

  /** For the bot and agent assist: ranked published articles with calibrated scores. */
  @Post()
  @HttpCode(200)
  @Roles('agent')
  async search(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(searchRequestSchema)) body: SearchRequest,
  ): Promise<SearchResponse> {
    const found = await this.searchService.search(principal.tenantId, body);
    this.usage.recordRetrievals(
      principal.tenantId,
      found.hits.map((hit) => hit.articleId),
    );
    return found;
  }
}
