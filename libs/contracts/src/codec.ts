import { randomUUID } from 'node:crypto';
import { envelopeSchema } from './envelope';
import {
  EVENT_CATALOG,
  isEventType,
  type AnyEvent,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
} from './events';
import { topicFor, type TopicName } from './topics';

export type DecodeResult =
  | { ok: true; event: AnyEvent }
  | {
      ok: false;
      reason: string;
      code:
        | 'MALFORMED_JSON'
        | 'INVALID_ENVELOPE'
        | 'UNKNOWN_TYPE'
        | 'UNSUPPORTED_VERSION'
        | 'INVALID_PAYLOAD';
    };

export interface NewEvent<T extends EventType> {
  tenantId: string;
  aggregateId: string;
  payload: PayloadOf<T>;
  /** What caused this event; its correlation id and customer are carried over. */
  cause?: Pick<EventEnvelope, 'id' | 'correlationId' | 'customerId'>;
  /** The customer the event is about; defaults to the cause's. */
  customerId?: string | null;
  /** Defaults to a new uuid; pass a deterministic one to make producing idempotent. */
  id?: string;
  correlationId?: string;
  occurredAt?: Date;
}

export class InvalidEventError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * Event objects this process built or checked with their schema (and has not handed out
 * for mutation since: events are treated as immutable). The publisher skips re-validating
 * them; anything else (an event read back from the outbox, a test's hand-made record) is
 * validated again before it is produced.
 */
const validated = new WeakSet<object>();

export function isValidated(event: object): boolean {
  return validated.has(event);
}

/** Builds a validated event: nothing leaves a service that its schema would reject. */
export function createEvent<T extends EventType>(type: T, init: NewEvent<T>): EventEnvelope<T> {
  const definition = EVENT_CATALOG[type];
  const parsed = definition.payload.safeParse(init.payload);
  if (!parsed.success) {
    throw new InvalidEventError('INVALID_PAYLOAD', `${type}: ${parsed.error.message}`);
  }
  const id = init.id ?? randomUUID();
  const event = {
    id,
    type,
    version: definition.version,
    tenantId: init.tenantId,
    aggregateId: init.aggregateId,
    occurredAt: (init.occurredAt ?? new Date()).toISOString(),
    correlationId: init.correlationId ?? init.cause?.correlationId ?? id,
    causationId: init.cause?.id ?? null,
    customerId: init.customerId ?? init.cause?.customerId ?? null,
    payload: parsed.data as PayloadOf<T>,
  };
  const envelope = envelopeSchema.safeParse(event);
  if (!envelope.success) {
    throw new InvalidEventError('INVALID_ENVELOPE', `${type}: ${envelope.error.message}`);
  }
  validated.add(event);
  return event;
}

/** Validates an event as it is consumed (or re-validates one before it is produced). */
export function validateEvent(value: unknown): DecodeResult {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) {
    return { ok: false, code: 'INVALID_ENVELOPE', reason: envelope.error.message };
  }
  const raw = envelope.data;
  if (!isEventType(raw.type)) {
    return { ok: false, code: 'UNKNOWN_TYPE', reason: `unknown event type "${raw.type}"` };
  }
  const definition = EVENT_CATALOG[raw.type];
  if (raw.version !== definition.version) {
    return {
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      reason: `${raw.type} version ${raw.version} is not supported (expected ${definition.version})`,
    };
  }
  const payload = definition.payload.safeParse(raw.payload);
  if (!payload.success) {
    return { ok: false, code: 'INVALID_PAYLOAD', reason: `${raw.type}: ${payload.error.message}` };
  }
  return { ok: true, event: { ...raw, type: raw.type, payload: payload.data } as AnyEvent };
}

/** The first step of decoding: JSON, not yet validated (sealed fields are opened between). */
export function parseEventJson(
  bytes: Buffer | string | null,
): { ok: true; value: unknown } | { ok: false; code: 'MALFORMED_JSON'; reason: string } {
  if (bytes === null) return { ok: false, code: 'MALFORMED_JSON', reason: 'empty message value' };
  try {
    return {
      ok: true,
      value: JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8')),
    };
  } catch (error) {
    return { ok: false, code: 'MALFORMED_JSON', reason: (error as Error).message };
  }
}

export function decodeEvent(bytes: Buffer | string | null): DecodeResult {
  const parsed = parseEventJson(bytes);
  return parsed.ok ? validateEvent(parsed.value) : parsed;
}

export function topicOf(type: EventType): TopicName {
  return EVENT_CATALOG[type].topic;
}

export function topicNameOf(prefix: string, type: EventType): string {
  return topicFor(prefix, topicOf(type));
}
