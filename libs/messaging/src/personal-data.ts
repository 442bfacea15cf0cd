import {
  ERASED_TEXT,
  hasPersonalFields,
  InvalidEventError,
  isSealedField,
  isUnsealable,
  mapPersonalFields,
  openField,
  sealField,
  somePersonalField,
} from '@tandem/contracts';

/**
 * Where the customers' keys come from: the gateway holds them (it is the only service
 * that creates or destroys them); other services ask it and cache briefly.
 */
export interface CustomerKeyring {
  /**
   * The customer's 32-byte key, or null once the customer was erased. Throws when it cannot
   * tell (the key holder is unreachable): callers retry, they never guess.
   */
  keyFor(tenantId: string, customerId: string): Promise<Buffer | null>;
  /** Drops a cached key at once (the customer was erased). */
  forget(tenantId: string, customerId: string): void;
}

/**
 * The key holder could not be asked (down, timed out, answered 5xx). Transient: consumers
 * wait and retry instead of dead-lettering, the outbox relay retries on its own.
 */
export class KeyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyUnavailableError';
  }
}

/**
 * The key holder does not know this customer (the gateway answered 404): asking again will
 * not change that. The outbox relay dead-letters an event that needs such a key.
 */
export class UnknownCustomerKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnknownCustomerKeyError';
  }
}

interface Sealable {
  type: string;
  tenantId: string;
  customerId?: string | null;
  payload: unknown;
}

/**
 * The event as it goes on the log: personal fields sealed with its customer's key. Fields
 * of an erased customer are written as ERASED_TEXT. An event with personal text but no
 * customer is refused: it would put plaintext on a log that cannot forget.
 */
export async function sealEvent<E extends Sealable>(
  event: E,
  keyring: CustomerKeyring,
): Promise<E> {
  if (!hasPersonalFields(event.type)) return event;
  const { customerId, tenantId } = event;
  if (!customerId) {
    if (isUnsealable(event))
      throw new InvalidEventError(
        'UNSEALED_PERSONAL_DATA',
        `${event.type}: personal fields need the envelope's customerId to be sealed`,
      );
    return event;
  }
  const key = await keyring.keyFor(tenantId, customerId);
  const payload = mapPersonalFields(event.type, event.payload, (value) => {
    if (typeof value !== 'string') return value;
    return key ? sealField(key, tenantId, customerId, value) : ERASED_TEXT;
  });
  return { ...event, payload };
}

/**
 * The event as a service reads it: sealed fields opened, or ERASED_TEXT when the customer
 * was erased. A field that does not open with the right key was tampered with: that throws,
 * and the consumer dead-letters the record.
 */
export async function openEvent<E extends Sealable>(
  event: E,
  keyring: CustomerKeyring,
): Promise<E> {
  if (
    !hasPersonalFields(event.type) ||
    !somePersonalField(event.type, event.payload, isSealedField)
  )
    return event;
  const { customerId, tenantId } = event;
  if (!customerId)
    throw new InvalidEventError('UNREADABLE_PERSONAL_DATA', 'sealed field without a customerId');
  const key = await keyring.keyFor(tenantId, customerId);
  const payload = mapPersonalFields(event.type, event.payload, (value) => {
    if (!isSealedField(value)) return value;
    if (key === null) return ERASED_TEXT;
    try {
      return openField(key, tenantId, customerId, value);
    } catch {
      throw new InvalidEventError(
        'UNREADABLE_PERSONAL_DATA',
        `${event.type}: a sealed field does not open with its customer's key`,
      );
    }
  });
  return { ...event, payload };
}

/** Keys held in memory for a short while: most events of a conversation share one customer. */
export class CachedKeyring implements CustomerKeyring {
  private readonly cache = new Map<string, { key: Buffer | null; until: number }>();
  private readonly inFlight = new Map<string, Promise<Buffer | null>>();

  constructor(
    private readonly load: (tenantId: string, customerId: string) => Promise<Buffer | null>,
    private readonly options: { ttlMs: number; maxEntries: number },
  ) {}

  async keyFor(tenantId: string, customerId: string): Promise<Buffer | null> {
    const id = `${tenantId}/${customerId}`;
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.key;
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const loading = this.load(tenantId, customerId)
      .then((key) => {
        if (this.cache.size >= this.options.maxEntries) {
          // Drop the oldest entry (Map keeps insertion order).
          const oldest = this.cache.keys().next().value;
          if (oldest !== undefined) this.cache.delete(oldest);
        }
        this.cache.delete(id);
        this.cache.set(id, { key, until: Date.now() + this.options.ttlMs });
        return key;
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, loading);
    return loading;
  }

  /** Forgets a customer's key at once (on their erasure). */
  forget(tenantId: string, customerId: string): void {
    this.cache.delete(`${tenantId}/${customerId}`);
  }
}
