import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ProblemException, REDIS } from '@tandem/platform';
import {
  cleanName,
  judgeAttachment,
  kindOfType,
  limitsFrom,
  mediaType,
  type AttachmentLimits,
} from '../attachments/attachment-limits';
import {
  ATTACHMENT_STORE,
  assertSafeKey,
  type AttachmentStore,
} from '../attachments/attachment-store';
import type {
  AttachmentFetchLimits,
  ChannelConfig,
  FetchedAttachment,
  InboundAttachment,
} from '../channels/adapters/channel-adapter';
import type { GatewayConfig } from '../config';
import type { ErasureParticipant } from '../privacy/erasure.service';
import type { UploadAnswer } from './webchat-payloads';
import type { SessionClaims } from './webchat-session-token';

/** What Redis keeps about a staged upload until it expires. */
interface StagedUpload extends UploadAnswer {
  /** The clientMessageId that sent it: a resend of that message may still name it. */
  sentIn?: string;
}

const URL_SCHEME = 'webchat-upload:';

/** Where a visitor's upload waits: nobody else's key can be built from their session. */
export function visitorUploadsPrefix(tenantId: string, channelId: string, visitorId: string) {
  const prefix = `${tenantId}/webchat-uploads/${channelId}/${visitorId}/`;
  assertSafeKey(prefix, { prefix: true });
  return prefix;
}

export function uploadKey(
  tenantId: string,
  channelId: string,
  visitorId: string,
  uploadId: string,
): string {
  const key = `${tenantId}/webchat-uploads/${channelId}/${visitorId}/${uploadId}`;
  assertSafeKey(key);
  return key;
}

/** The attachment's reference on an InboundMessage: built by the gateway, never by the widget. */
export function uploadUrl(visitorId: string, uploadId: string): string {
  return `${URL_SCHEME}${visitorId}:${uploadId}`;
}

export function parseUploadUrl(url: string): { visitorId: string; uploadId: string } | null {
  const match = /^webchat-upload:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(url);
  return match ? { visitorId: match[1]!, uploadId: match[2]! } : null;
}

/** `X-File-Name` is percent-encoded UTF-8; a name that does not decode is dropped, not refused. */
export function decodeFileName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return cleanName(decodeURIComponent(header));
  } catch {
    return undefined;
  }
}

/**
 * Web chat uploads: the widget posts a file before the message that carries it. The bytes wait
 * in the attachment store under the visitor's own staging key, the description in Redis; the
 * message names the upload, the adapter's fetchAttachment reads it back, and the normal
 * inbound path stores it under the customer. Staged objects are deleted once sent, or by the
 * sweep when they expire unsent.
 */
@Injectable()
export class WebchatUploads
  implements OnApplicationBootstrap, OnApplicationShutdown, ErasureParticipant
{
  private readonly limits: AttachmentLimits;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
  ) {
    this.limits = limitsFrom(config);
  }

  /**
   * Erasure: uploads the customer's visitors staged and never sent. Their visitor ids are read
   * from the web chat history, so this runs before the history is erased; anything missed
   * (a visitor who never sent a message has no customer) goes with the TTL sweep.
   */
  async eraseCustomers(tenantId: string, customerIds: string[]): Promise<void> {
    const visitors: { channel_id: string; visitor_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT channel_id, visitor_id FROM webchat_messages
        WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, customerIds],
    );
    for (const visitor of visitors)
      await this.store.deletePrefix(
        visitorUploadsPrefix(tenantId, visitor.channel_id, visitor.visitor_id),
      );
  }

  onApplicationBootstrap(): void {
    if (this.config.WEBCHAT_UPLOAD_SWEEP_MS === 0) return;
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'expired web chat uploads not swept'),
      );
    }, this.config.WEBCHAT_UPLOAD_SWEEP_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** Checks the limits (413 / 415), stages the bytes and describes them. */
  async stage(
    claims: SessionClaims,
    upload: { bytes: Buffer | undefined; tooLarge: boolean; contentType?: string; name?: string },
    now: Date = new Date(),
  ): Promise<UploadAnswer> {
    await this.limitVisitor(claims, now);
    if (upload.tooLarge || (upload.bytes?.length ?? 0) > this.limits.maxBytes)
      throw new ProblemException(
        413,
        'GATEWAY.ATTACHMENT_TOO_LARGE',
        `Attachments may be at most ${this.limits.maxBytes} bytes.`,
      );
    const bytes = upload.bytes;
    if (!bytes || bytes.length === 0)
      throw new ProblemException(
        400,
        'WEBCHAT.EMPTY_UPLOAD',
        'The request body is the file, and it was empty.',
      );
    const mimeType = mediaType(upload.contentType);
    const kind = kindOfType(mimeType);
    if (judgeAttachment(kind, mimeType, bytes.length, this.limits))
      throw new ProblemException(
        415,
        'GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED',
        `Attachments of type ${mimeType} are not accepted.`,
      );

    const uploadId = randomUUID();
    const name = decodeFileName(upload.name);
    const answer: UploadAnswer = {
      uploadId,
      kind,
      ...(name ? { name } : {}),
      mimeType,
      sizeBytes: bytes.length,
    };
    const key = uploadKey(claims.tenantId, claims.channelId, claims.visitorId, uploadId);
    const ttl = this.config.WEBCHAT_UPLOAD_TTL_SECONDS;
    try {
      // Listed for the sweep before the bytes exist, so no staged object is ever unlisted.
      await this.redis.zadd(this.sweepKey(), now.getTime() + ttl * 1000, key);
      await this.store.put(key, bytes, mimeType);
      await this.redis.set(this.describedKey(claims, uploadId), JSON.stringify(answer), 'EX', ttl);
    } catch (error) {
      this.logger.error({ err: error }, 'web chat upload not staged');
      throw new ProblemException(
        503,
        'GATEWAY.ATTACHMENT_STORE_UNAVAILABLE',
        'The attachment could not be stored; retry later.',
        { headers: { 'Retry-After': '5' } },
      );
    }
    return answer;
  }

  /**
   * The message's attachments, each an upload of this visitor on this channel. Another
   * visitor's upload, an expired one, or one already sent in another message is unknown.
   */
  async attachmentsFor(
    claims: SessionClaims,
    uploadIds: readonly string[],
    clientMessageId: string,
  ): Promise<{ attachments: InboundAttachment[]; uploads: UploadAnswer[] }> {
    if (uploadIds.length === 0) return { attachments: [], uploads: [] };
    const described = await this.redis.mget(
      ...uploadIds.map((uploadId) => this.describedKey(claims, uploadId)),
    );
    const uploads = uploadIds.map((uploadId, index) => {
      const staged = described[index] ? (JSON.parse(described[index]) as StagedUpload) : null;
      if (!staged || (staged.sentIn !== undefined && staged.sentIn !== clientMessageId))
        throw new ProblemException(
          404,
          'WEBCHAT.UNKNOWN_UPLOAD',
          `No upload ${uploadId} of this visitor waits to be sent (expired, sent already, or never made).`,
        );
      const { sentIn: _sentIn, ...upload } = staged;
      return upload;
    });
    return {
      uploads,
      attachments: uploads.map((upload) => ({
        kind: upload.kind,
        url: uploadUrl(claims.visitorId, upload.uploadId),
        ...(upload.name ? { name: upload.name } : {}),
        mimeType: upload.mimeType,
        sizeBytes: upload.sizeBytes,
      })),
    };
  }

  /**
   * After the message is on the log (its attachments copied under the customer): the staged
   * objects go. The description stays until it expires, marked as sent in this message, so a
   * resend of the same message (a duplicate) still passes; no other message may use it.
   * Failures only leave work for the sweep.
   */
  async sent(claims: SessionClaims, uploadIds: readonly string[], clientMessageId: string) {
    for (const uploadId of uploadIds) {
      const key = uploadKey(claims.tenantId, claims.channelId, claims.visitorId, uploadId);
      try {
        const described = this.describedKey(claims, uploadId);
        const staged = await this.redis.get(described);
        if (staged)
          await this.redis.set(
            described,
            JSON.stringify({ ...(JSON.parse(staged) as StagedUpload), sentIn: clientMessageId }),
            'KEEPTTL',
          );
        await this.store.delete(key);
        await this.redis.zrem(this.sweepKey(), key);
      } catch (error) {
        this.logger.warn({ err: error }, 'sent web chat upload left for the sweep');
      }
    }
  }

  /** The adapter's fetchAttachment: the staged bytes, only under this channel's own keys. */
  async fetch(
    channel: ChannelConfig,
    attachment: InboundAttachment,
    limits: AttachmentFetchLimits,
  ): Promise<FetchedAttachment> {
    const reference = parseUploadUrl(attachment.url);
    if (!reference)
      return {
        ok: false,
        retryable: false,
        rejection: 'UNSUPPORTED',
        reason: 'not a web chat upload',
      };
    try {
      const object = await this.store.get(
        uploadKey(channel.tenantId, channel.id, reference.visitorId, reference.uploadId),
      );
      if (!object)
        return {
          ok: false,
          retryable: false,
          rejection: 'UNAVAILABLE',
          reason: 'the staged upload is gone (expired)',
        };
      const bytes = await readAtMost(object.body, limits.maxBytes);
      if (!bytes)
        return { ok: false, retryable: false, rejection: 'TOO_LARGE', reason: 'over the limit' };
      return { ok: true, bytes, contentType: object.contentType };
    } catch (error) {
      return { ok: false, retryable: true, reason: `staged upload: ${(error as Error).message}` };
    }
  }

  /** Deletes staged uploads whose time has passed; safe on every instance at once. */
  async sweep(now: Date = new Date()): Promise<number> {
    const expired = await this.redis.zrangebyscore(
      this.sweepKey(),
      '-inf',
      now.getTime(),
      'LIMIT',
      0,
      500,
    );
    for (const key of expired) {
      await this.store.delete(key);
      await this.redis.zrem(this.sweepKey(), key);
    }
    return expired.length;
  }

  /** Fixed one-minute windows: uploads are heavier than messages, so counted per minute. */
  private async limitVisitor(claims: SessionClaims, now: Date): Promise<void> {
    const window = Math.floor(now.getTime() / 60_000);
    const key = `${this.config.KAFKA_TOPIC_PREFIX}:gateway:rate:webchat-upload:${claims.channelId}:${claims.visitorId}:${window}`;
    const [[error, count] = [null, 0]] =
      (await this.redis.multi().incr(key).expire(key, 120).exec()) ?? [];
    if (error) throw error;
    if (Number(count) > this.config.WEBCHAT_UPLOADS_PER_MINUTE_PER_VISITOR)
      throw new ProblemException(
        429,
        'GATEWAY.RATE_LIMITED',
        'Too many uploads from this visitor; retry shortly.',
        { headers: { 'Retry-After': String(60 - (Math.floor(now.getTime() / 1000) % 60)) } },
      );
  }

  private describedKey(claims: SessionClaims, uploadId: string): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}:gateway:webchat-upload:${claims.channelId}:${claims.visitorId}:${uploadId}`;
  }

  private sweepKey(): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}:gateway:webchat-uploads:staged`;
  }
}

/** The stream's bytes, or null once it passes `maxBytes` (the rest is not read). */
async function readAtMost(body: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
