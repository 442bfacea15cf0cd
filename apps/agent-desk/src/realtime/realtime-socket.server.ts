import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { InvalidTokenError, TokenService, type Principal } from '@tandem/auth';
import { runWithContext, type Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ProblemException, REDIS } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { SettingsService } from '../settings/settings.service';
import { RealtimeConnections } from './realtime-connections.service';
import {
  agentRoom,
  conversationRoom,
  RealtimeRooms,
  supervisorsRoom,
  tenantRoom,
} from './realtime-rooms';
import {
  DESK_NAMESPACE,
  unwatchEventSchema,
  watchEventSchema,
  type ErrorEvent,
  type ReadyEvent,
  type SocketError,
  type WatchAck,
} from './socket-events';

/** Conversations one socket may watch at once (a supervisor's wall of monitors, not more). */
export const MAX_WATCHED = 200;

interface SocketState {
  principal: Principal & { role: 'agent' | 'supervisor' | 'admin' };
  /** Settles when the connection is recorded; the disconnect waits for it. */
  registered: Promise<void>;
  watching: Set<string>;
}

type Ack = (answer: WatchAck) => void;

/** A refusal as an ack error or a connect_error's data (the HTTP API's stable codes). */
export function toSocketError(error: unknown): SocketError {
  if (error instanceof ProblemException)
    return { code: error.code, title: error.message, status: error.getStatus() };
  return { code: 'INTERNAL', title: 'An unexpected error occurred; retry.', status: 500 };
}

/**
 * The agents' socket server: socket.io on the desk's own HTTP server (namespace /desk, default
 * path /socket.io), with the Redis adapter so an emit from any desk instance reaches a socket
 * held by any other. Like the gateway's web chat server, plain socket.io rather than a Nest
 * gateway: the handshake, acks and error shapes stay explicit here.
 *
 * Handshake: `auth: { token }`, the desk access token. Each socket joins `agent:<id>`,
 * `tenant:<t>` and, for supervisors and admins, `tenant:<t>:supervisors`; `watch` adds
 * `conversation:<id>`.
 */
@Injectable()
export class RealtimeSocketServer implements OnApplicationBootstrap, OnModuleDestroy {
  private io: Server | null = null;
  private readonly redisConnections: Redis[] = [];
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenService,
    private readonly connections: RealtimeConnections,
    private readonly settings: SettingsService,
    private readonly rooms: RealtimeRooms,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const pub = this.redis.duplicate();
    const sub = this.redis.duplicate();
    this.redisConnections.push(pub, sub);
    this.io = new Server(this.adapterHost.httpAdapter.getHttpServer(), {
      serveClient: false,
      // Clients send only small control events (watch/unwatch).
      maxHttpBufferSize: 16 * 1024,
      cors: { origin: true },
      // Scoped by deployment, so test runs sharing Redis never meet.
      adapter: createAdapter(pub, sub, { key: `${this.config.KAFKA_TOPIC_PREFIX}:desk:socket.io` }),
    });
    this.io.of('/').use((_socket, next) => next(new Error('connect to the /desk namespace')));
    const namespace = this.io.of(DESK_NAMESPACE);
    namespace.use((socket, next) => {
      this.authenticate(socket.handshake.auth?.token).then(
        (principal) => {
          (socket.data as SocketState) = {
            principal,
            registered: Promise.resolve(),
            watching: new Set(),
          };
          next();
        },
        (error: unknown) => {
          const refused = new Error('the connection was refused') as Error & { data: SocketError };
          refused.data = toSocketError(error);
          if (refused.data.status >= 500)
            this.logger.error({ err: error }, 'desk socket handshake failed');
          next(refused);
        },
      );
    });
    namespace.on('connection', (socket) => this.connected(socket));
    this.rooms.attach(namespace);
  }

  /**
   * Before the HTTP server and the database pool close: this instance's sockets are dropped
   * (clients reconnect to another instance) and counted as gone in one write, so their grace
   * starts now rather than after a heartbeat timeout.
   */
  async onModuleDestroy(): Promise<void> {
    if (!this.io) return;
    this.closing = true;
    this.rooms.detach();
    // Only this instance's sockets (a plain disconnectSockets would reach every instance).
    this.io.of(DESK_NAMESPACE).local.disconnectSockets(true);
    // Not io.close(): that would close the HTTP server, which Nest closes itself.
    this.io.engine.close();
    this.io = null;
    await this.connections.leave().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not record this instance’s sockets as gone');
    });
    await Promise.all(
      this.redisConnections.map((connection) => connection.quit().catch(() => undefined)),
    );
  }

  private async authenticate(token: unknown): Promise<SocketState['principal']> {
    if (typeof token !== 'string' || token.length === 0)
      throw new ProblemException(
        401,
        'AUTH.UNAUTHENTICATED',
        'Send the desk access token as auth.token.',
      );
    let principal: Principal;
    try {
      principal = this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new ProblemException(
          401,
          'AUTH.INVALID_TOKEN',
          `The access token was refused: ${error.message}.`,
        );
      throw error;
    }
    const { role } = principal;
    if (principal.kind !== 'user' || role === 'service')
      throw new ProblemException(
        403,
        'AUTH.FORBIDDEN',
        'Only agents, supervisors and admins connect.',
      );
    if (!(await this.connections.agent(principal.tenantId, principal.subject)))
      throw new ProblemException(
        403,
        'DESK.NOT_AN_AGENT',
        'This account is not an agent of the tenant.',
      );
    return { ...principal, role };
  }

  private connected(socket: Socket): void {
    const state = socket.data as SocketState;
    const { principal } = state;
    const rooms = [agentRoom(principal.subject), tenantRoom(principal.tenantId)];
    if (principal.role !== 'agent') rooms.push(supervisorsRoom(principal.tenantId));
    void socket.join(rooms);
    state.registered = this.register(socket, state);
    socket.on('watch', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.watch(socket, state, payload)),
    );
    socket.on('unwatch', (payload: unknown, ack: unknown) =>
      this.handle(state, ack, () => this.unwatch(socket, state, payload)),
    );
    socket.on('disconnect', () => {
      // On shutdown the whole instance is recorded as gone at once (onModuleDestroy).
      if (this.closing) return;
      // After the registration settled (whatever its outcome): deleting the row is idempotent.
      void state.registered
        .then(() => this.connections.disconnected(principal.subject, socket.id))
        .catch((error: unknown) => {
          this.logger.error(
            { err: error, tenantId: principal.tenantId, agentId: principal.subject },
            'a socket’s disconnection could not be recorded',
          );
        });
    });
  }

  /** Records the socket; `ready` tells the client it counts. A failure drops the socket (it retries). */
  private async register(socket: Socket, state: SocketState): Promise<void> {
    const { principal } = state;
    try {
      const [presence, settings] = await Promise.all([
        this.connections.connected(principal.tenantId, principal.subject, socket.id),
        this.settings.of(principal.tenantId),
      ]);
      const ready: ReadyEvent = {
        type: 'ready',
        at: new Date().toISOString(),
        agentId: principal.subject,
        tenantId: principal.tenantId,
        role: principal.role,
        presence,
        presenceGraceSeconds: settings.presenceGraceSeconds,
      };
      socket.emit('ready', ready);
    } catch (error) {
      this.logger.error(
        { err: error, tenantId: principal.tenantId, agentId: principal.subject },
        'a desk socket could not be registered',
      );
      const failure: ErrorEvent = {
        type: 'error',
        at: new Date().toISOString(),
        ...toSocketError(error),
      };
      socket.emit('error', failure);
      socket.disconnect(true);
    }
  }

  private handle(state: SocketState, ack: unknown, work: () => Promise<WatchAck>): void {
    const respond: Ack = typeof ack === 'function' ? (ack as Ack) : () => undefined;
    void runWithContext({ tenantId: state.principal.tenantId }, async () => {
      try {
        respond(await work());
      } catch (error) {
        if (!(error instanceof ProblemException))
          this.logger.error({ err: error }, 'desk socket request failed');
        respond({ error: toSocketError(error) });
      }
    });
  }

  /** The assigned agent, or a supervisor/admin of the tenant, may watch a desk conversation. */
  private async watch(socket: Socket, state: SocketState, payload: unknown): Promise<WatchAck> {
    const { conversationId } = parse(watchEventSchema, payload, 'DESK.INVALID_WATCH');
    const { principal } = state;
    const rows: { agent_id: string | null }[] = await this.dataSource.query(
      `SELECT agent_id FROM conversations WHERE id = $1 AND tenant_id = $2`,
      [conversationId, principal.tenantId],
    );
    const conversation = rows[0];
    if (
      !conversation ||
      (principal.role === 'agent' && conversation.agent_id !== principal.subject)
    )
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    if (!state.watching.has(conversationId) && state.watching.size >= MAX_WATCHED)
      throw new ProblemException(
        429,
        'DESK.TOO_MANY_WATCHED',
        `A socket watches at most ${MAX_WATCHED} conversations; unwatch some first.`,
      );
    state.watching.add(conversationId);
    await socket.join(conversationRoom(conversationId));
    return { type: 'watch', at: new Date().toISOString(), conversationId, watching: true };
  }

  private async unwatch(socket: Socket, state: SocketState, payload: unknown): Promise<WatchAck> {
    const { conversationId } = parse(unwatchEventSchema, payload, 'DESK.INVALID_WATCH');
    state.watching.delete(conversationId);
    await socket.leave(conversationRoom(conversationId));
    return { type: 'unwatch', at: new Date().toISOString(), conversationId, watching: false };
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, code: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (!result.success)
    throw new ProblemException(
      400,
      code,
      `Invalid payload: ${result.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}.`,
    );
  return result.data;
}
