import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that every log line written while handling a request or an event carries. */
export interface LogContext {
  correlationId?: string;
  tenantId?: string;
  conversationId?: string;
  eventId?: string;
  eventType?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

export function currentContext(): LogContext {
  return storage.getStore() ?? {};
}

/** Adds ids to the current context, e.g. the tenant once a request is authenticated. */
export function addToContext(context: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, context);
}
