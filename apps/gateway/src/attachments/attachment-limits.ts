import { deterministicUuid, type AttachmentRejection } from '@tandem/contracts';
import type { InboundAttachment } from '../channels/adapters/channel-adapter';
import type { GatewayConfig } from '../config';

export type AttachmentKind = InboundAttachment['kind'];

export interface AttachmentLimits {
  maxBytes: number;
  maxPerMessage: number;
  timeoutMs: number;
  /** Per kind: exact types (`image/png`) or families (`image/*`), lower-case. */
  allowedTypes: Record<AttachmentKind, readonly string[]>;
}

export function limitsFrom(config: GatewayConfig): AttachmentLimits {
  return {
    maxBytes: config.ATTACHMENT_MAX_BYTES,
    maxPerMessage: config.ATTACHMENT_MAX_PER_MESSAGE,
    timeoutMs: config.ATTACHMENT_DOWNLOAD_TIMEOUT_MS,
    allowedTypes: {
      image: config.ATTACHMENT_TYPES_IMAGE,
      voice: config.ATTACHMENT_TYPES_VOICE,
      file: config.ATTACHMENT_TYPES_FILE,
    },
  };
}

const OCTET_STREAM = 'application/octet-stream';

/** `Image/PNG; charset=x` → `image/png`; anything that is not `type/subtype` → octet-stream. */
export function mediaType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) && type.length <= 255
    ? type
    : OCTET_STREAM;
}

/**
 * The type to judge and to serve: what the download answered, unless it only says "bytes"
 * (some CDNs do), then what the provider declared in the webhook.
 */
export function effectiveType(answered: string | undefined, declared: string | undefined): string {
  const fromAnswer = mediaType(answered);
  return fromAnswer !== OCTET_STREAM ? fromAnswer : mediaType(declared);
}

/** The kind an upload is judged as, from its media type (web chat uploads declare no kind). */
export function kindOfType(type: string): AttachmentKind {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'voice';
  return 'file';
}

export function typeAllowed(kind: AttachmentKind, type: string, limits: AttachmentLimits): boolean {
  return limits.allowedTypes[kind].some((allowed) =>
    allowed.endsWith('/*') ? type.startsWith(allowed.slice(0, -1)) : allowed === type,
  );
}

/** Why these bytes may not be kept, or null when they may. */
export function judgeAttachment(
  kind: AttachmentKind,
  type: string,
  sizeBytes: number,
  limits: AttachmentLimits,
): AttachmentRejection | null {
  if (sizeBytes > limits.maxBytes) return 'TOO_LARGE';
  if (!typeAllowed(kind, type, limits)) return 'TYPE_NOT_ALLOWED';
  return null;
}

/**
 * The id of the n-th attachment of a message: a function of the message, so a provider's
 * retry of the webhook stores the same object again instead of a second one.
 */
export function attachmentIdFor(messageId: string, index: number): string {
  return deterministicUuid('tandem.attachment', messageId, String(index));
}

/**
 * `Content-Disposition` for a download: the name as UTF-8 (RFC 6266 / 8187 `filename*`)
 * with a plain-ASCII fallback for old clients; never a quote or a line break from the name.
 */
export function contentDisposition(name: string | null, fallback: string): string {
  const chosen = (name ?? '').replace(/\p{Cc}/gu, '').trim() || fallback;
  const ascii = chosen.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(chosen).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file name as the event may carry it (255 characters, no control characters). */
export function cleanName(name: string | undefined): string | undefined {
  const cleaned = Array.from((name ?? '').replace(/\p{Cc}/gu, '').trim())
    .slice(0, 200)
    .join('');
  return cleaned || undefined;
}
