/**
 * The visitor's sends waiting for the gateway's ack, in order. Typed while offline, they wait
 * here and go out once connected; a resend keeps its client message id, so the gateway answers
 * `duplicate` instead of publishing twice. Kept in localStorage with the session.
 */
export interface Pending {
  clientMessageId: string;
  kind: 'message' | 'request_human';
  text: string;
  uploadIds: string[];
  attempts: number;
  /** Epoch ms before which it is not retried (after a 429/503). */
  notBefore: number;
}

export interface AckError {
  code: string;
  title?: string;
  status: number;
  retryAfterSeconds?: number;
}

export type Ack =
  { status: 'accepted' | 'duplicate'; messageId?: string; surveyId?: string } | { error: AckError };

export type Outcome =
  | { kind: 'done'; messageId: string | null }
  | { kind: 'retry'; afterMs: number }
  | { kind: 'renew-session' }
  | { kind: 'failed'; code: string };

export function enqueue(queue: readonly Pending[], item: Omit<Pending, 'attempts' | 'notBefore'>) {
  if (queue.some((pending) => pending.clientMessageId === item.clientMessageId)) return [...queue];
  return [...queue, { ...item, attempts: 0, notBefore: 0 }];
}

/** The head of the queue if it may go now: one at a time keeps the visitor's order. */
export function nextDue(queue: readonly Pending[], now: number): Pending | null {
  const head = queue[0];
  return head && head.notBefore <= now ? head : null;
}

export function settle(queue: readonly Pending[], clientMessageId: string): Pending[] {
  return queue.filter((pending) => pending.clientMessageId !== clientMessageId);
}

export function postpone(
  queue: readonly Pending[],
  clientMessageId: string,
  now: number,
  afterMs: number,
): Pending[] {
  return queue.map((pending) =>
    pending.clientMessageId === clientMessageId
      ? { ...pending, attempts: pending.attempts + 1, notBefore: now + afterMs }
      : pending,
  );
}

/** 1 s, 2 s, 4 s … up to 30 s between resends that the gateway gave no time for. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempts);
}

/** What to do after the gateway answered a send (`null`: no ack in time). */
export function outcomeOf(ack: Ack | null, attempts: number): Outcome {
  if (ack === null) return { kind: 'retry', afterMs: backoffMs(attempts) };
  if ('status' in ack) return { kind: 'done', messageId: ack.messageId ?? null };
  const { code, status, retryAfterSeconds } = ack.error;
  if (code === 'WEBCHAT.SESSION_EXPIRED' || code === 'WEBCHAT.INVALID_SESSION')
    return { kind: 'renew-session' };
  if (status === 429 || status >= 500)
    return {
      kind: 'retry',
      afterMs: retryAfterSeconds !== undefined ? retryAfterSeconds * 1_000 : backoffMs(attempts),
    };
  return { kind: 'failed', code };
}

/** Unique per visitor for the life of the browser's storage: time and a counter. */
export function clientMessageIdFor(now: number, counter: number, salt: string): string {
  return `w-${now.toString(36)}-${counter.toString(36)}-${salt}`;
}
