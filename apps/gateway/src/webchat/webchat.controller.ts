import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Options,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Public, Roles, ZodPipe } from '@tandem/platform';
import { agentTypingSchema, createSessionSchema, type SessionAnswer } from './webchat-payloads';
import { WebchatSessions } from './webchat-sessions.service';
import { WebchatTyping } from './webchat-typing.service';

/** A browser widget calls this from the site's own origin: CORS for the origins the channel allows. */
function allowBrowser(response: Response, origin: string | undefined): void {
  if (!origin) return;
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Vary', 'Origin');
}

@Controller('v1')
export class WebchatController {
  constructor(
    private readonly sessions: WebchatSessions,
    private readonly typing: WebchatTyping,
  ) {}

  /** Public: the widget's first call; a returning visitor sends their previous token. */
  @Post('webchat/:channelId/sessions')
  @Public()
  @HttpCode(201)
  async createSession(
    @Param('channelId') channelId: string,
    @Body() body: unknown,
    @Headers('origin') origin: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionAnswer> {
    const channel = await this.sessions.channelFor(channelId, origin);
    // Before the body is checked, so the widget can read the problem of a bad request too.
    allowBrowser(response, origin);
    return this.sessions.create(channel, parseOrThrow(createSessionSchema, body), {
      ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    });
  }

  /** The CORS preflight of the session request. */
  @Options('webchat/:channelId/sessions')
  @Public()
  @HttpCode(204)
  async preflight(
    @Param('channelId') channelId: string,
    @Headers('origin') origin: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.channelFor(channelId, origin);
    allowBrowser(response, origin);
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'content-type');
    response.setHeader('Access-Control-Max-Age', '600');
  }

  /** The desk shows the visitor that an agent is typing (ephemeral: straight to their sockets). */
  @Post('conversations/:conversationId/typing')
  @Roles('agent')
  @HttpCode(204)
  async agentTyping(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId') conversationId: string,
    @Body(new ZodPipe(agentTypingSchema)) body: { isTyping: boolean },
  ): Promise<void> {
    await this.typing.agentTyping(principal.tenantId, conversationId, body.isTyping);
  }
}
