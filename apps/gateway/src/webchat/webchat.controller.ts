import {
  Body,
  Controller,
  Get,
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
import {
  CurrentPrincipal,
  parseOrThrow,
  ProblemException,
  Public,
  Roles,
  ZodPipe,
  type RawBodyRequest,
} from '@tandem/platform';
import { sendAttachment } from '../attachments/attachments.controller';
import { AttachmentsService } from '../attachments/attachments.service';
import { WebchatHistory } from './webchat-history';
import {
  agentTypingSchema,
  createSessionSchema,
  type SessionAnswer,
  type UploadAnswer,
} from './webchat-payloads';
import { WebchatSessions } from './webchat-sessions.service';
import { WebchatTyping } from './webchat-typing.service';
import { WebchatUploads } from './webchat-uploads.service';

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
    private readonly uploads: WebchatUploads,
    private readonly history: WebchatHistory,
    private readonly attachments: AttachmentsService,
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
    answerPreflight(response, origin, 'POST', 'content-type');
  }

  /**
   * Public, with the visitor's session token: the raw body is the file (`Content-Type` its
   * type, `X-File-Name` its percent-encoded name). The bytes wait to be named in a message.
   */
  @Post('webchat/:channelId/uploads')
  @Public()
  @HttpCode(201)
  async upload(
    @Param('channelId') channelId: string,
    @Headers('origin') origin: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-file-name') name: string | undefined,
    @Req() request: Request & RawBodyRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UploadAnswer> {
    const channel = await this.sessions.channelFor(channelId, origin);
    allowBrowser(response, origin);
    const claims = await this.sessions.authenticateRequest(channel, authorization);
    return this.uploads.stage(claims, {
      bytes: request.rawBody,
      tooLarge: request.bodyTooLarge === true,
      ...(contentType ? { contentType } : {}),
      ...(name ? { name } : {}),
    });
  }

  /** The visitor downloads an attachment of their own history (404 for anything else). */
  @Get('webchat/:channelId/attachments/:id')
  @Public()
  async download(
    @Param('channelId') channelId: string,
    @Param('id') id: string,
    @Headers('origin') origin: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const channel = await this.sessions.channelFor(channelId, origin, { sameOriginAllowed: true });
    allowBrowser(response, origin);
    response.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
    const claims = await this.sessions.authenticateRequest(channel, authorization);
    const theirs =
      /^[0-9a-f-]{36}$/i.test(id) &&
      (await this.history.hasAttachment(claims.tenantId, channel.id, claims.visitorId, id));
    if (!theirs)
      throw new ProblemException(404, 'GATEWAY.ATTACHMENT_NOT_FOUND', 'No such attachment.');
    await sendAttachment(response, await this.attachments.open(claims.tenantId, id));
  }

  /** The CORS preflights of the upload and the download (both send the token in a header). */
  @Options(['webchat/:channelId/uploads', 'webchat/:channelId/attachments/:id'])
  @Public()
  @HttpCode(204)
  async filePreflight(
    @Param('channelId') channelId: string,
    @Headers('origin') origin: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.channelFor(channelId, origin);
    answerPreflight(response, origin, 'GET, POST', 'authorization, content-type, x-file-name');
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

/** A CORS preflight's answer for a page the channel allows. */
function answerPreflight(
  response: Response,
  origin: string | undefined,
  methods: string,
  headers: string,
): void {
  allowBrowser(response, origin);
  response.setHeader('Access-Control-Allow-Methods', methods);
  response.setHeader('Access-Control-Allow-Headers', headers);
  response.setHeader('Access-Control-Max-Age', '600');
}
