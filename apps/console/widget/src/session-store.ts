import type { Pending } from './outbox';

/** What a reload needs to resume: the session token, and the sends not yet acknowledged. */
export interface StoredSession {
  sessionToken: string;
  visitorId: string;
  expiresAt: string;
  pending: Pending[];
  counter: number;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const storageKey = (channelId: string): string => `tandem-webchat:${channelId}`;

function isPending(value: unknown): value is Pending {
  const pending = value as Pending;
  return (
    typeof pending === 'object' &&
    pending !== null &&
    typeof pending.clientMessageId === 'string' &&
    (pending.kind === 'message' || pending.kind === 'request_human') &&
    typeof pending.text === 'string' &&
    Array.isArray(pending.uploadIds)
  );
}

/** The stored session of this channel, or null if there is none or it is not readable. */
export function loadSession(store: KeyValueStore | null, channelId: string): StoredSession | null {
  try {
    const raw = store?.getItem(storageKey(channelId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.sessionToken !== 'string' || typeof value.visitorId !== 'string') return null;
    return {
      sessionToken: value.sessionToken,
      visitorId: value.visitorId,
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : '',
      pending: Array.isArray(value.pending)
        ? value.pending.filter(isPending).map((pending) => ({ ...pending, notBefore: 0 }))
        : [],
      counter: typeof value.counter === 'number' ? value.counter : 0,
    };
  } catch {
    return null;
  }
}

export function saveSession(
  store: KeyValueStore | null,
  channelId: string,
  session: StoredSession,
): void {
  try {
    store?.setItem(storageKey(channelId), JSON.stringify(session));
  } catch {
    // Storage full or refused (private mode): the chat works, a reload starts afresh.
  }
}

/** Whether the token is still good for a while (else ask for a new session with it first). */
export function tokenUsable(session: StoredSession, now: number, marginMs = 60_000): boolean {
  const expiry = Date.parse(session.expiresAt);
  return Number.isFinite(expiry) && expiry - marginMs > now;
}
