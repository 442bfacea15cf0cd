import {
  All,
  Controller,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  type RawBodyRequest,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@tandem/platform';
import type { InboundRequest } from '../channels/adapters/channel-adapter';
import { InboundService, type Accepted } from './inbound.service';

function toInboundRequest(request: RawBodyRequest<Request>): InboundRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.query))
    if (typeof value === 'string') query[name] = value;
  return {
    method: request.method === 'GET' ? 'GET' : 'POST',
    // As the provider called it (behind a proxy, X-Forwarded-Proto/Host tell; trust proxy is set at boot).
    url: `${request.protocol}://${request.get('host') ?? 'localhost'}${request.originalUrl}`,
    query,
    headers,
    rawBody: request.rawBody ?? Buffer.alloc(0),
  };
}

/** Channel webhooks: open to the internet, each checks its provider's own signature. */
@Controller('v1/channels/:channelId')
@Public()
export class WebhookController {
  constructor(private readonly inbound: InboundService) {}

  /** The generic JSON webhook (documented in docs/api.md): answers with what was accepted. */
  @Post('messages')
  @HttpCode(202)
  async receive(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<Request>,
  ): Promise<Accepted> {
    const { accepted } = await this.inbound.receive(channelId, toInboundRequest(request));
    return accepted[0]!;
  }

  /** Provider webhooks (WeChat, Twilio, Postmark ...): answered in the provider's own format. */
  @All('webhook')
  async provider(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<Request>,
    @Res() response: Response,
  ): Promise<void> {
    const { reply } = await this.inbound.receive(channelId, toInboundRequest(request));
    response.status(reply.status).type(reply.contentType).send(reply.body);
  }
}
