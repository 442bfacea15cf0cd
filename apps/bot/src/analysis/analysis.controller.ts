import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { analyzeRequestSchema, type AnalyzeRequest, type AnalyzeResponse } from '@tandem/contracts';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import type { Principal } from '@tandem/auth';
import { ModelUsageRepository } from '../answers/model-usage.repository';
import { TopicsService } from '../topics/topics.service';
import { Analyzer } from './analyzer';

@Controller('v1/analyze')
export class AnalysisController {
  constructor(
    private readonly analyzer: Analyzer,
    private readonly usage: ModelUsageRepository,
    private readonly topics: TopicsService,
  ) {}

  /**
   * What the bot reads in a text, exactly as `message.analyzed` would carry it for a customer
   * message with that text (the configured analyzer: rules, or the model on top of them): no
   * conversation, no event, nothing stored but the tokens a model spent.
   */
  @Post()
  @HttpCode(200)
  @Roles('supervisor')
  async analyze(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(analyzeRequestSchema)) body: AnalyzeRequest,
  ): Promise<AnalyzeResponse> {
    const result = await this.analyzer.analyze(body.text, [], {
      topics: await this.topics.of(principal.tenantId),
    });
    await this.usage.record(principal.tenantId, result.usage, new Date());
    return result.analysis;
  }
}
