import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EventType } from './events';

/**
 * Personal data on the log is crypto-shredded: the fields below are sealed with a key of
 * the customer the event is about (envelope `customerId`), held by the gateway. Erasing
 * the customer destroys the key, so every copy of the text on the log, in every replica
 * and backup, becomes unreadable without rewriting the log.
 *
 * A sealed field travels as `{ "sealed": "<base64 iv|ciphertext|tag>" }` instead of a
 * string, so plaintext can never be mistaken for ciphertext whatever a customer types.
 * Paths are relative to the payload; `[]` walks every element of an array.
 */
export const PERSONAL_FIELDS: Partial<Record<EventType, readonly string[]>> = {
  'message.received': ['text', 'customer.displayName', 'attachments[].name'],
  'bot.replied': ['text'],
  'agent.replied': ['text'],
  'escalation.decided': [
    'handoff.summary',
    'handoff.transcript[].text',
    'handoff.customer.displayName',
  ],
  'handoff.summarized': ['summary'],
  'conversation.resolved': ['note'],
  'conversation.transferred': ['note'],
  'survey.answered': ['comment'],
  'answer.reviewed': ['question', 'answer', 'correction'],
};

/** What an unreadable field (its customer was erased) reads as once opened. */
export const ERASED_TEXT = '[erased]';

export interface SealedField {
  sealed: string;
}

export function isSealedField(value: unknown): value is SealedField {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SealedField).sealed === 'string' &&
    Object.keys(value).length === 1
  );
}

export function hasPersonalFields(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, type);
}

/**
 * A copy of `payload` with `transform` applied to every personal field present (the
 * original is left as it is: events are immutable once built). Fields that are absent
 * stay absent.
 */
export function mapPersonalFields(
  type: string,
  payload: unknown,
  transform: (value: unknown) => unknown,
): unknown {
  const paths = hasPersonalFields(type) ? PERSONAL_FIELDS[type as EventType]! : [];
  let result = payload;
  for (const path of paths) result = mapPath(result, path.split('.'), transform);
  return result;
}

/** Whether any personal field holds a value `test` accepts. */
export function somePersonalField(
  type: string,
  payload: unknown,
  test: (value: unknown) => boolean,
): boolean {
  let found = false;
  mapPersonalFields(type, payload, (value) => {
    if (test(value)) found = true;
    return value;
  });
  return found;
}

/**
 * True for an event that carries personal text but names no customer to seal it for: it
 * must not be produced (the log could never forget it).
 */
export function isUnsealable(event: {
  type: string;
  customerId?: string | null;
  payload: unknown;
}): boolean {
  return (
    !event.customerId &&
    somePersonalField(
      event.type,
      event.payload,
      (value) => typeof value === 'string' && value.length > 0,
    )
  );
}

function mapPath(node: unknown, steps: string[], transform: (value: unknown) => unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  const [step, ...rest] = steps as [string, ...string[]];
  const isArray = step.endsWith('[]');
  const key = isArray ? step.slice(0, -2) : step;
  const record = node as Record<string, unknown>;
  if (!(key in record) || record[key] === undefined) return node;
  const value = record[key];
  let mapped: unknown;
  if (isArray) {
    if (!Array.isArray(value)) return node;
    mapped = value.map((item) =>
      rest.length === 0 ? transform(item) : mapPath(item, rest, transform),
    );
  } else {
    mapped = rest.length === 0 ? transform(value) : mapPath(value, rest, transform);
  }
  return { ...record, [key]: mapped };
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(tenantId: string, customerId: string): Buffer {
  return Buffer.from(`tandem.personal-data.v1:${tenantId}:${customerId}`);
}

/** Seals one field with the customer's 32-byte key (AES-256-GCM, bound to tenant and customer). */
export function sealField(
  key: Buffer,
  tenantId: string,
  customerId: string,
  text: string,
): SealedField {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(tenantId, customerId));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64') };
}

/** Opens a sealed field; throws if the key is wrong or the ciphertext was altered. */
export function openField(
  key: Buffer,
  tenantId: string,
  customerId: string,
  field: SealedField,
): string {
  const bytes = Buffer.from(field.sealed, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('sealed field is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(aad(tenantId, customerId));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
