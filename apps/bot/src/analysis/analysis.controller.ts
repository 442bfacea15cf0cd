import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { analyzeRequestSchema, type AnalyzeRequest, type AnalyzeResponse } from '@tandem/contracts';
import { Roles, ZodPipe } from '@tandem/platform';
import { analyzeMessage } from './analyze-message';

@Controller('v1/analyze')
export class AnalysisController {
  /**
   * What the bot reads in a text, exactly as `message.analyzed` would carry it for a customer
   * message with that text: no conversation, no event, nothing stored.
   */
  @Post()
  @HttpCode(200)
  @Roles('supervisor')
  analyze(@Body(new ZodPipe(analyzeRequestSchema)) body: AnalyzeRequest): AnalyzeResponse {
    return analyzeMessage(body.text);
  }
}
