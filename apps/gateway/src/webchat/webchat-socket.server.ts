import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { createEvent, deterministicUuid } from '@tandem/contracts';
import { EventPublisher, PublishError } from '@tandem/messaging';
import { runWithContext, type Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ProblemException, REDIS } from '@tandem/platform';
import { ConversationsService } from '../conversations/conversations.service';
import type { GatewayConfig } from '../config';
import { attachmentIdFor } from '../attachments/attachment-limits';
import { InboundService } from '../inbound/inbound.service';
import { WebchatHistory, type HistoryAttachment } from './webchat-history';
import {
  describeIssues,
  socketMessageSchema,
  socketRateSchema,
  socketRequestHumanSchema,
  socketSurveyAnswerSchema,
  socketTypingSchema,
  type SocketAck,
  type SocketError,
} from './webchat-payloads';
import { visitorRoom, WEBCHAT_NAMESPACE, WebchatRooms } from './webchat-rooms';
import type { SessionClaims } from './webchat-session-token';
import { WebchatSessions } from './webchat-sessions.service';
import { WebchatUploads } from './webchat-uploads.service';
import { SURVEY_SCALE } from '../surveys/parse-survey-answer';
import { surveyQuestion } from '../surveys/survey-question';
import { SurveysService } from '../surveys/surveys.service';

interface SocketState {
  claims: SessionClaims;
  typing: { isTyping: boolean; at: number } | null;
}

type Ack = (answer: SocketAck) => void;

/** The Redis pub/sub channel visitor typing goes to (ephemeral: never on Kafka). */
export function typingChannel(prefix: string): string {
  return `${prefix}:gateway:webchat:typing`;
}

/** A ProblemException as an ack error or a connect_error's data (same stable codes as HTTP). */
export function toSocketError(error: unknown): SocketError {
  if (error instanceof ProblemException) {
    const retryAfter = Number(error.extensions.headers?.['Retry-After']);
    return {
      code: error.code,
      title: error.message,
      status: error.getStatus(),
      ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  return { code: 'INTERNAL', title: 'An unexpected error occurred; retry.', status: 500 };
}

/**
 * The web chat socket server: socket.io on the gateway's own HTTP server (namespace /webchat,
 * default path /socket.io), with the Redis adapter so an emit from any gateway instance
 * reaches a socket held by any other.
 *
 * socket.io directly rather than a Nest @WebSocketGateway: it needs no change to how every
 * app boots (no WebSocket adapter in main), and the handshake, acks and error shapes stay
 * explicit here instead of going through Nest's WS exception filters.
 */
@Injectable()
export class WebchatSocketServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private io: Server | null = null;
  private readonly connections: Redis[] = [];
  private readonly messageSchema: ReturnType<typeof socketMessageSchema>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly sessions: WebchatSessions,
    private readonly inbound: InboundService,
    private readonly history: WebchatHistory,
    private readonly rooms: WebchatRooms,
    private readonly conversations: ConversationsService,
    private readonly uploads: WebchatUploads,
    private readonly surveys: SurveysService,
    private readonly publisher: EventPublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.messageSchema = socketMessageSchema(config.ATTACHMENT_MAX_PER_MESSAGE);
  }

  onApplicationBootstrap(): void {
    const pub = this.redis.duplicate();
    const sub = this.redis.duplicate();
    this.connections.push(pub, sub);
    this.io = new Server(this.adapterHost.httpAdapter.getHttpServer(), {
      serveClient: false,
      // A message is at most a few kilobytes of text: refuse frames far beyond that.
      maxHttpBufferSize: 64 * 1024,
      // Any page may open the socket; the channel's allowed origins are checked at the handshake.
      cors: { origin: true },
      // Scoped by deployment like every other gateway key, so test runs sharing Redis never meet.
      adapter: createAdapter(pub, sub, {
        key: `${this.config.KAFKA_TOPIC_PREFIX}:gateway:socket.io`,
      }),
    });
    // The default namespace serves nothing: refuse it rather than hold idle sockets.
    this.io.of('/').use((_socket, next) => next(new Error('connect to the /webchat namespace')));
    const namespace = this.io.of(WEBCHAT_NAMESPACE);
    namespace.use((socket, next) => {
      this.sessions
        .authenticate(socket.handshake.auth?.token, socket.handshake.headers.origin)
        .then(
          ({ claims }) => {
            (socket.data as SocketState) = { claims, typing: null };
            next();
          },
          (error: unknown) => {
            const refused = new Error('the session was refused') as Error & { data: SocketError };
            refused.data = toSocketError(error);
            if (refused.data.status >= 500)
              this.logger.error({ err: error }, 'web chat handshake failed');
            next(refused);
          },
        );
    });
    namespace.on('connection', (socket) => this.connected(socket));
    this.rooms.attach(namespace);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.io) return;
    this.rooms.detach();
    // Only this instance's sockets (a plain disconnectSockets would reach every instance).
    this.io.of(WEBCHAT_NAMESPACE).local.disconnectSockets(true);
    // Not io.close(): that would close the HTTP server, which Nest closes itself.
    this.io.engine.close();
    this.io = null;
    await Promise.all(
      this.connections.map((connection) => connection.quit().catch(() => undefined)),
    );
  }

  private connected(socket: Socket): void {
    const state = socket.data as SocketState;
    const { channelId, visitorId, tenantId } = state.claims;
    void socket.join(visitorRoom(channelId, visitorId));
    // Joined first, then read: a reply stored meanwhile is in the history or arrives as a
    // message (perhaps both; the widget drops ids it has shown).
    this.history.recent(channelId, visitorId, this.config.WEBCHAT_HISTORY_LIMIT).then(
      (messages) => socket.emit('history', { messages }),
      (error: unknown) => {
        this.logger.error({ err: error, tenantId }, 'web chat history could not be read');
        socket.emit('error', toSocketError(error));
      },
    );
    socket.on('message', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.message(state, payload)),
    );
    socket.on('request_human', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.requestHuman(state, payload)),
    );
    socket.on('rate', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.rate(state, payload)),
    );
    socket.on('survey-answer', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.surveyAnswer(state, payload)),
    );
    this.showOpenSurvey(socket, state);
    socket.on('typing', (payload: unknown) => void this.typing(state, payload));
    socket.on('disconnect', () => {
      if (state.typing?.isTyping) void this.typing(state, { isTyping: false });
    });
  }

  private handle(state: SocketState, ack: unknown, work: () => Promise<SocketAck>): void {
    const respond: Ack = typeof ack === 'function' ? (ack as Ack) : () => undefined;
    void runWithContext({ tenantId: state.claims.tenantId }, async () => {
      try {
        respond(await work());
      } catch (error) {
        if (!(error instanceof ProblemException))
          this.logger.error({ err: error }, 'web chat message failed');
        respond({ error: toSocketError(error) });
      }
    });
  }

  private async message(state: SocketState, payload: unknown): Promise<SocketAck> {
    const message = parse(this.messageSchema, payload, 'WEBCHAT.INVALID_MESSAGE');
    return this.ingest(
      state,
      message.clientMessageId,
      message.text,
      undefined,
      message.attachments.map(({ uploadId }) => uploadId.toLowerCase()),
    );
  }

  /** The "talk to a person" button: a structured action, published as human.requested (source button). */
  private async requestHuman(state: SocketState, payload: unknown): Promise<SocketAck> {
    const request = parse(socketRequestHumanSchema, payload, 'WEBCHAT.INVALID_MESSAGE');
    return this.ingest(state, request.clientMessageId, '', 'request_human');
  }

  /**
   * Acknowledged only after Kafka acknowledged (InboundService.ingest), then the history row.
   * If storing the row fails the ack is an error: the widget resends, the resend is a
   * duplicate on the log and stores the row then.
   *
   * Uploads are checked here, where the visitor is known: only their own staged uploads become
   * attachments, which the normal inbound path then copies under the customer.
   */
  private async ingest(
    state: SocketState,
    clientMessageId: string,
    text: string,
    action?: 'request_human',
    uploadIds: readonly string[] = [],
  ): Promise<SocketAck> {
    const { claims } = state;
    const now = new Date();
    const channel = await this.sessions.stillValid(claims, now);
    await this.sessions.limitVisitor(claims, now);
    const { attachments, uploads } = await this.uploads.attachmentsFor(
      claims,
      uploadIds,
      clientMessageId,
    );
    const [accepted] = await this.inbound.ingest(
      channel,
      [
        {
          // Scoped by visitor: two widgets may both number their messages from 1.
          channelMessageId: `${claims.visitorId}:${clientMessageId}`,
          externalId: claims.visitorId,
          ...(claims.name ? { customerName: claims.name } : {}),
          ...(claims.email ? { verified: { email: claims.email } } : {}),
          text,
          ...(action ? { action } : {}),
          attachments,
        },
      ],
      now,
    );
    const { status, messageId, conversationId } = accepted!;
    // A duplicate's attachments were stored by the first send, with ids from the message id.
    const shown: HistoryAttachment[] = accepted!.attachments
      ? accepted!.attachments.flatMap((attachment) =>
          attachment.status === 'stored'
            ? [
                {
                  id: attachment.id,
                  kind: attachment.kind,
                  ...(attachment.name ? { name: attachment.name } : {}),
                  mimeType: attachment.mimeType,
                  sizeBytes: attachment.sizeBytes,
                },
              ]
            : [],
        )
      : uploads.map(({ uploadId: _uploadId, ...upload }, index) => ({
          id: attachmentIdFor(messageId, index),
          ...upload,
        }));
    if (conversationId)
      await this.history.store({
        id: messageId,
        tenantId: claims.tenantId,
        channelId: claims.channelId,
        conversationId,
        visitorId: claims.visitorId,
        role: 'customer',
        text,
        ...(action ? { action } : {}),
        ...(shown.length > 0 ? { attachments: shown } : {}),
        clientMessageId,
        at: now,
      });
    if (status === 'accepted') await this.uploads.sent(claims, uploadIds, clientMessageId);
    return { status, messageId };
  }

  /**
   * The visitor's thumbs on one of the bot's answers in their history: published as
   * answer.rated (acknowledged after Kafka), so knowledge counts it for the article used.
   * One event per reply and rating: a resend is the same event, a changed mind a new one.
   */
  private async rate(state: SocketState, payload: unknown): Promise<SocketAck> {
    const { replyId, rating } = parse(socketRateSchema, payload, 'WEBCHAT.INVALID_RATING');
    const { claims } = state;
    await this.sessions.stillValid(claims, new Date());
    const reply = await this.history.botReply(
      claims.tenantId,
      claims.channelId,
      claims.visitorId,
      replyId.toLowerCase(),
    );
    if (!reply)
      throw new ProblemException(
        404,
        'WEBCHAT.UNKNOWN_REPLY',
        'Only an answer of the bot in this conversation can be rated.',
      );
    const id = deterministicUuid('answer.rated', replyId.toLowerCase(), rating);
    await this.publisher
      .publish([
        createEvent('answer.rated', {
          id,
          tenantId: claims.tenantId,
          aggregateId: reply.conversationId,
          customerId: reply.customerId,
          payload: { replyId: replyId.toLowerCase(), rating, source: 'webchat' },
        }),
      ])
      .catch((error: unknown) => {
        if (error instanceof PublishError)
          throw new ProblemException(
            503,
            'GATEWAY.BROKER_UNAVAILABLE',
            'The rating could not be stored; retry later.',
            { headers: { 'Retry-After': '5' } },
          );
        throw error;
      });
    return { status: 'accepted', messageId: id };
  }

  /** A survey the visitor has not answered yet is asked again when they come back. */
  private showOpenSurvey(socket: Socket, state: SocketState): void {
    const { channelId, visitorId, tenantId } = state.claims;
    this.surveys.openFor(channelId, visitorId, new Date()).then(
      (survey) => {
        if (survey)
          socket.emit('survey', {
            id: survey.id,
            kind: survey.kind,
            question: surveyQuestion(survey.kind, survey.language),
            ...SURVEY_SCALE[survey.kind],
          });
      },
      (error: unknown) => {
        // The question is in the history anyway; the visitor can answer by writing the number.
        this.logger.warn({ err: error, tenantId }, 'open survey could not be read');
      },
    );
  }

  /**
   * The visitor's answer to a `survey` event (source webchat), stored through the outbox.
   * Only their own survey; a second answer is acknowledged as a duplicate and ignored.
   */
  private async surveyAnswer(state: SocketState, payload: unknown): Promise<SocketAck> {
    const answer = parse(socketSurveyAnswerSchema, payload, 'WEBCHAT.INVALID_SURVEY_ANSWER');
    const { claims } = state;
    const now = new Date();
    await this.sessions.stillValid(claims, now);
    const survey = await this.surveys.find(answer.surveyId);
    if (!survey || survey.channelId !== claims.channelId || survey.externalId !== claims.visitorId)
      throw new ProblemException(
        404,
        'WEBCHAT.UNKNOWN_SURVEY',
        'Only a survey sent to this visitor can be answered.',
      );
    const status = await this.surveys.answer(
      survey,
      { score: answer.score, comment: answer.comment || null },
      'webchat',
      now,
    );
    return { status, surveyId: survey.id };
  }

  /** Throttled, then published on Redis for whoever shows it (the desk, later); never on Kafka. */
  private async typing(state: SocketState, payload: unknown): Promise<void> {
    const parsed = socketTypingSchema.safeParse(payload);
    if (!parsed.success) return;
    const { isTyping } = parsed.data;
    const now = Date.now();
    const last = state.typing;
    if (
      last &&
      last.isTyping === isTyping &&
      now - last.at < this.config.WEBCHAT_TYPING_THROTTLE_MS
    )
      return;
    state.typing = { isTyping, at: now };
    const { tenantId, channelId, visitorId } = state.claims;
    try {
      const open = await this.redis.get(this.conversations.cacheKey(channelId, visitorId));
      const conversationId = open ? this.conversations.fromCache(open).conversationId : null;
      await this.redis.publish(
        typingChannel(this.config.KAFKA_TOPIC_PREFIX),
        JSON.stringify({
          tenantId,
          channelId,
          visitorId,
          conversationId,
          isTyping,
          at: new Date(now).toISOString(),
        }),
      );
    } catch (error) {
      // Typing is a hint: losing one is harmless.
      this.logger.debug({ err: error }, 'typing signal not published');
    }
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, code: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (!result.success)
    throw new ProblemException(400, code, `Invalid payload: ${describeIssues(result.error)}.`);
  return result.data;
}
