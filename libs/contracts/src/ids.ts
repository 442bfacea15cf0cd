import { createHash } from 'node:crypto';

/**
 * A name-based (version 5 style, SHA-1) uuid: the same inputs always give the same id.
 * Used to make an event's id a function of what caused it, so producing it twice is
 * harmless: consumers drop the second copy by id.
 */
export function deterministicUuid(namespace: string, ...parts: string[]): string {
  const hash = createHash('sha1')
    .update(namespace)
    .update('\u0000')
    .update(parts.join('\u0000'))
    .digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
