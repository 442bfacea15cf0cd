import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADER } from '@tandem/contracts';
import { Public } from '@tandem/platform';
import { InboundService, type Accepted } from './inbound.service';

/** The generic JSON webhook any channel adapter can post to. */
@Controller('v1/channels/:channelId/messages')
@Public()
export class WebhookController {
  constructor(private readonly inbound: InboundService) {}

  @Post()
  @HttpCode(202)
  receive(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Body() body: unknown,
  ): Promise<Accepted> {
    const rawBody = request.is('application/json') ? request.rawBody : undefined;
    return this.inbound.receiveGeneric(channelId, rawBody, signature, body);
  }
}
