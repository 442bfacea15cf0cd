import type { EventEnvelope, EventType } from '@tandem/contracts';

export interface HandlerContext {
  /** Keep the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** 1 on the first try, higher on retries. */
  attempt: number;
}

export interface EventHandler<T extends EventType = EventType> {
  readonly type: T;
  handle(event: EventEnvelope<T>, context: HandlerContext): Promise<void>;
}

/** Declares a typed handler: `on('bot.replied', (event) => ...)`. */
export function on<T extends EventType>(
  type: T,
  handle: (event: EventEnvelope<T>, context: HandlerContext) => Promise<void>,
): EventHandler<T> {
  return { type, handle };
}

export class HandlerRegistrationError extends Error {
  constructor(problems: string[]) {
    super(`Event handlers do not match the subscriptions:\n  ${problems.join('\n  ')}`);
    this.name = 'HandlerRegistrationError';
  }
}

/**
 * The start-up check: every subscribed event type has exactly one handler, and no handler
 * waits for a type nobody subscribed to. A service that fails it refuses to boot.
 */
export function indexHandlers(
  subscriptions: readonly EventType[],
  handlers: readonly EventHandler[],
): Map<EventType, EventHandler> {
  const problems: string[] = [];
  const byType = new Map<EventType, EventHandler>();
  const subscribed = new Set(subscriptions);
  for (const handler of handlers) {
    if (byType.has(handler.type)) problems.push(`"${handler.type}" has more than one handler`);
    if (!subscribed.has(handler.type))
      problems.push(`"${handler.type}" has a handler but no subscription`);
    byType.set(handler.type, handler);
  }
  for (const type of subscribed) {
    if (!byType.has(type)) problems.push(`"${type}" is subscribed but has no handler`);
  }
  if (problems.length > 0) throw new HandlerRegistrationError(problems);
  return byType;
}
