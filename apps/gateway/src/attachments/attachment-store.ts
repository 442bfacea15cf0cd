import type { Readable } from 'node:stream';

/** An object as the store gives it back: streamed, never buffered whole. */
export interface StoredObject {
  body: Readable;
  contentType: string;
  sizeBytes: number;
}

/**
 * Where attachment bytes live, by key `<tenantId>/<customerId>/<attachmentId>` (and web chat
 * uploads waiting to be sent, `<tenantId>/webchat-uploads/<channelId>/<visitorId>/<uploadId>`). Writing a key
 * again replaces the object whole (a provider's retry stores the same attachment again under
 * the same id), and a reader never sees half an object.
 */
export interface AttachmentStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** `null` when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Deletes one object; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (which ends with `/`). */
  deletePrefix(prefix: string): Promise<void>;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/**
 * One key segment: a tenant id, a customer id (uuid) or an attachment id (uuid). Nothing that
 * a file system or an S3 console would read as structure: no `/`, no `..`, no leading dot.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value))
    throw new Error(`unsafe ${what} for an attachment key: ${JSON.stringify(value)}`);
  return value;
}

export function customerPrefix(tenantId: string, customerId: string): string {
  return `${segment(tenantId, 'tenant id')}/${segment(customerId, 'customer id')}/`;
}

export function attachmentKey(tenantId: string, customerId: string, attachmentId: string): string {
  return `${customerPrefix(tenantId, customerId)}${segment(attachmentId, 'attachment id')}`;
}

/** Checks a key or prefix built elsewhere (the stores refuse anything else). */
export function assertSafeKey(key: string, { prefix = false } = {}): string[] {
  const parts = key.split('/');
  if (prefix) {
    if (parts.pop() !== '') throw new Error(`an attachment prefix must end with "/": ${key}`);
  }
  // Three segments for a customer's attachment, five for a staged web chat upload.
  if (parts.length === 0 || parts.length > 5) throw new Error(`not an attachment key: ${key}`);
  for (const part of parts) segment(part, 'key segment');
  return parts;
}
