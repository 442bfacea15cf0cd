import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADER, type SurveyAnswerResult } from '@tandem/contracts';
import { Public } from '@tandem/platform';
import { SurveysService } from './surveys.service';

/**
 * Survey answers from channel adapters that show their own rating control. Authenticated
 * like the channel's inbound webhook (X-Tandem-Signature with the channel secret), not with
 * an API key: the adapter already holds that secret and nothing else, and the secret of the
 * survey's own channel is exactly the right scope (an API key is tenant-wide).
 */
@Controller('v1/surveys')
@Public()
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post(':surveyId/answer')
  @HttpCode(202)
  answer(
    @Param('surveyId') surveyId: string,
    @Req() request: RawBodyRequest<Request>,
  ): Promise<SurveyAnswerResult> {
    const signature = request.headers[SIGNATURE_HEADER];
    return this.surveys.answerFromAdapter(surveyId, {
      contentType: request.headers['content-type'],
      signature: Array.isArray(signature) ? signature[0] : signature,
      rawBody: request.rawBody ?? Buffer.alloc(0),
    });
  }
}
