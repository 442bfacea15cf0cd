import { io, type Socket } from 'socket.io-client';
import { eventually } from '@tandem/testing';
import type {
  ServerEvent,
  SocketError,
  WatchAck,
} from '../../apps/agent-desk/src/realtime/socket-events';

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

const SERVER_EVENTS: readonly ServerEvent['type'][] = [
  'ready',
  'offer',
  'offer.withdrawn',
  'conversation.assigned',
  'message',
  'assist',
  'delivery',
  'queue',
  'presence',
  'error',
];

/**
 * An agent's desk socket as a console would hold it (namespace /desk, `auth: { token }`),
 * recording what arrives with the local time it arrived (for tests and the benchmark).
 */
export class DeskSocket {
  readonly socket: Socket;
  readonly received: { event: ServerEvent; receivedAt: number }[] = [];
  readonly refusals: SocketError[] = [];

  constructor(baseUrl: string, token: string, options: { reconnection?: boolean } = {}) {
    this.socket = io(`${baseUrl}/desk`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: options.reconnection ?? false,
      forceNew: true,
    });
    for (const type of SERVER_EVENTS)
      this.socket.on(type, (event: ServerEvent) =>
        this.received.push({ event, receivedAt: Date.now() }),
      );
    this.socket.on('connect_error', (error: Error & { data?: SocketError }) =>
      this.refusals.push(error.data ?? { code: 'CLIENT', title: error.message, status: 0 }),
    );
  }

  /** Resolves once the server has registered the connection (its `ready`). */
  async ready(timeoutMs = 10_000): Promise<EventOf<'ready'>> {
    return eventually(
      () => {
        if (this.refusals.length > 0) throw new Error(`refused: ${JSON.stringify(this.refusals)}`);
        return this.first('ready');
      },
      { timeoutMs },
    );
  }

  events<T extends ServerEvent['type']>(type: T): EventOf<T>[] {
    return this.received
      .map(({ event }) => event)
      .filter((event): event is EventOf<T> => event.type === type);
  }

  /** The first event of this type matching `where`; throws while there is none (for `eventually`). */
  first<T extends ServerEvent['type']>(
    type: T,
    where: (event: EventOf<T>) => boolean = () => true,
  ): EventOf<T> {
    const found = this.events(type).find(where);
    if (!found) throw new Error(`no ${type} event matching yet`);
    return found;
  }

  /** Waits for the first event of this type matching `where`. */
  waitFor<T extends ServerEvent['type']>(
    type: T,
    where: (event: EventOf<T>) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<EventOf<T>> {
    return eventually(() => this.first(type, where), { timeoutMs });
  }

  watch(conversationId: string): Promise<WatchAck> {
    return this.socket
      .timeout(10_000)
      .emitWithAck('watch', { type: 'watch', conversationId }) as Promise<WatchAck>;
  }

  unwatch(conversationId: string): Promise<WatchAck> {
    return this.socket
      .timeout(10_000)
      .emitWithAck('unwatch', { type: 'unwatch', conversationId }) as Promise<WatchAck>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Resolves with the data of the connect_error a handshake is refused with. */
export function deskRefusal(baseUrl: string, auth: Record<string, unknown>): Promise<SocketError> {
  const socket = io(`${baseUrl}/desk`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => {
      socket.disconnect();
      reject(new Error('the server accepted the connection'));
    });
    socket.on('connect_error', (error: Error & { data?: SocketError }) => {
      socket.disconnect();
      resolve(error.data ?? { code: 'CLIENT', title: error.message, status: 0 });
    });
  });
}
