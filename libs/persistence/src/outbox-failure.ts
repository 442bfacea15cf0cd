import { InvalidEventError } from '@tandem/contracts';
import { UnknownCustomerKeyError } from '@tandem/messaging';

/**
 * Why an outbox event could not go out, and whether waiting can help. Permanent failures are
 * dead-lettered (the row stays, marked, for an operator); everything else is retried forever.
 */
export type OutboxFailure =
  { permanent: true; code: string; message: string } | { permanent: false; message: string };

/**
 * Codes of InvalidEventError that say the row itself is broken. UNKNOWN_TYPE and
 * UNSUPPORTED_VERSION are left out on purpose: during a rolling deploy an older instance may
 * hold the relay's lock while a newer one writes an event type or version it does not know
 * yet; the newer instance publishes it once it holds the lock.
 */
const BROKEN_EVENT_CODES = new Set([
  'INVALID_ENVELOPE',
  'INVALID_PAYLOAD',
  'UNSEALED_PERSONAL_DATA',
]);

/**
 * Conservative on purpose: only errors that say "this event can never be published as it
 * is" are permanent. Timeouts, 5xx and 429 from the key holder, broker errors and anything
 * unrecognised stay transient, so a sound event is never dropped by an outage.
 */
export function classifyOutboxFailure(error: unknown): OutboxFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnknownCustomerKeyError)
    return { permanent: true, code: 'UNKNOWN_CUSTOMER_KEY', message };
  if (error instanceof InvalidEventError && BROKEN_EVENT_CODES.has(error.code))
    return { permanent: true, code: error.code, message };
  return { permanent: false, message };
}
