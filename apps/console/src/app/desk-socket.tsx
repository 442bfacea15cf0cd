// One socket.io connection to the desk's /desk namespace per signed-in console: offers,
// messages, assist, deliveries, queue and presence changes arrive here without a reload.
// Screens subscribe with useDeskEvent; events relayed from the log carry an eventId and
// one seen twice (after a desk instance crash) is dropped here, once for every screen.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { SESSION_STORAGE_KEY, useSession } from './session';

export type DeskEventName =
  | 'ready'
  | 'offer'
  | 'offer.withdrawn'
  | 'conversation.assigned'
  | 'message'
  | 'assist'
  | 'delivery'
  | 'queue'
  | 'presence';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

type Handler = (payload: Record<string, unknown>) => void;

interface DeskSocketValue {
  state: ConnectionState;
  subscribe(event: DeskEventName, handler: Handler): () => void;
  /** A client event (`watch`, `unwatch`) and its ack. */
  emit<T = unknown>(event: 'watch' | 'unwatch', payload: unknown): Promise<T>;
}

const DeskSocketContext = createContext<DeskSocketValue | null>(null);
const EVENTS: DeskEventName[] = [
  'ready',
  'offer',
  'offer.withdrawn',
  'conversation.assigned',
  'message',
  'assist',
  'delivery',
  'queue',
  'presence',
];

export function DeskSocketProvider({ children }: { children: ReactNode }) {
  const { session, api } = useSession();
  const [state, setState] = useState<ConnectionState>('connecting');
  const socketRef = useRef<Socket | null>(null);
  const handlers = useRef(new Map<DeskEventName, Set<Handler>>());
  const agentId = session?.agent.id;
  // An expired access token: one API call refreshes it (the api does on a 401), then reconnect.
  const refreshThenConnect = useEffectEvent((socket: Socket) => {
    void api
      .get('desk', '/v1/agents/me')
      .catch(() => undefined)
      .then(() => socket.connect());
  });

  useEffect(() => {
    if (!agentId) return;
    const seen = new Set<string>();
    const socket = io('/desk', {
      // Read on every (re)connect: a refreshed token is used after a reconnect.
      auth: (send) => send({ token: storedToken() }),
      transports: ['websocket'],
    });
    socketRef.current = socket;
    socket.on('connect', () => setState('connected'));
    socket.on('disconnect', () => setState('reconnecting'));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if (code === 'AUTH.INVALID_TOKEN') {
        refreshThenConnect(socket);
        setState('reconnecting');
      } else if (code) setState('refused');
      else setState('reconnecting');
    });
    for (const event of EVENTS) {
      socket.on(event, (payload: Record<string, unknown>) => {
        const id = typeof payload?.eventId === 'string' ? payload.eventId : null;
        if (id) {
          if (seen.has(id)) return;
          seen.add(id);
          if (seen.size > 2000) seen.delete(seen.values().next().value as string);
        }
        for (const handler of handlers.current.get(event) ?? []) handler(payload);
      });
    }
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
    // The socket lives as long as the signed-in agent, not one access token.
  }, [agentId]);

  const subscribe = useCallback((event: DeskEventName, handler: Handler) => {
    let set = handlers.current.get(event);
    if (!set) handlers.current.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }, []);
  const emit = useCallback(
    <T,>(event: 'watch' | 'unwatch', payload: unknown): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const socket = socketRef.current;
        if (!socket) return reject(new Error('not connected'));
        socket.timeout(10_000).emit(event, payload, (error: Error | null, answer: unknown) => {
          if (error) return reject(error);
          const failed = (answer as { error?: { code?: string; title?: string } } | null)?.error;
          if (failed) return reject(new Error(failed.title ?? failed.code ?? 'refused'));
          resolve(answer as T);
        });
      }),
    [],
  );
  const value = useMemo<DeskSocketValue>(
    () => ({ state, subscribe, emit }),
    [state, subscribe, emit],
  );
  return <DeskSocketContext.Provider value={value}>{children}</DeskSocketContext.Provider>;
}

function storedToken(): string {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    return raw ? ((JSON.parse(raw) as { accessToken?: string }).accessToken ?? '') : '';
  } catch {
    return '';
  }
}

export function useDeskSocket(): DeskSocketValue {
  const value = useContext(DeskSocketContext);
  if (!value) throw new Error('useDeskSocket outside DeskSocketProvider');
  return value;
}

/** Calls `handler` (the latest one) for each `event` while the component is mounted. */
export function useDeskEvent(event: DeskEventName, handler: Handler): void {
  const { subscribe } = useDeskSocket();
  const handle = useEffectEvent(handler);
  useEffect(() => subscribe(event, (payload) => handle(payload)), [subscribe, event]);
}
