import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Attachment, AttachmentRejection, StoredAttachment } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import type { InboundAttachment } from '../channels/adapters/channel-adapter';
import { ChannelAdapters, toChannelConfig } from '../channels/adapters/channel-adapters';
import type { Channel } from '../channels/channel.entity';
import type { GatewayConfig } from '../config';
import { AttachmentRecord } from './attachment.entity';
import {
  attachmentIdFor,
  cleanName,
  effectiveType,
  judgeAttachment,
  limitsFrom,
  mediaType,
  type AttachmentKind,
  type AttachmentLimits,
} from './attachment-limits';
import {
  ATTACHMENT_STORE,
  attachmentKey,
  customerPrefix,
  type AttachmentStore,
  type StoredObject,
} from './attachment-store';
import type { ErasureParticipant } from '../privacy/erasure.service';

/** Attachments' bytes when they are inline, or once downloaded. */
type Obtained = { bytes: Buffer; type: string } | { rejection: AttachmentRejection };

/**
 * Keeps customers' attachments: obtains the bytes (inline, or from the provider through the
 * channel's adapter), enforces the limits, stores them by reference and records who they
 * belong to. A message is never lost over an attachment: one that breaks a limit is published
 * as rejected with a reason; one that cannot be fetched *now* (timeout, provider 5xx) makes
 * the webhook answer 503, so the provider retries the whole message.
 */
@Injectable()
export class AttachmentsService implements ErasureParticipant {
  private readonly limits: AttachmentLimits;

  constructor(
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly dataSource: DataSource,
    private readonly adapters: ChannelAdapters,
    @Inject(APP_CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.limits = limitsFrom(config);
  }

  /**
   * The event's attachment entries for one inbound message, in order. Ids derive from the
   * message id and position, so a retried webhook rewrites the same objects and rows.
   */
  async storeInbound(
    channel: Channel,
    customerId: string,
    messageId: string,
    attachments: readonly InboundAttachment[],
  ): Promise<Attachment[]> {
    return Promise.all(
      attachments.map(async (attachment, index) => {
        const obtained =
          index >= this.limits.maxPerMessage
            ? { rejection: 'TOO_MANY' as const }
            : await this.obtain(channel, attachment);
        const name = cleanName(attachment.name);
        if ('rejection' in obtained) {
          this.logger.info(
            { channelId: channel.id, messageId, index, reason: obtained.rejection },
            'attachment rejected',
          );
          return {
            status: 'rejected' as const,
            reason: obtained.rejection,
            kind: attachment.kind,
            ...(name ? { name } : {}),
            ...(attachment.mimeType ? { mimeType: mediaType(attachment.mimeType) } : {}),
            ...(attachment.sizeBytes != null ? { sizeBytes: attachment.sizeBytes } : {}),
          };
        }
        return this.keep({
          id: attachmentIdFor(messageId, index),
          channel,
          customerId,
          messageId,
          kind: attachment.kind,
          name,
          ...obtained,
        });
      }),
    );
  }

  /** An attachment of the tenant, streamed; 404 for any other. */
  async open(
    tenantId: string,
    id: string,
  ): Promise<{ record: AttachmentRecord; object: StoredObject }> {
    const record = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(AttachmentRecord).findOneBy({ id, tenantId })
      : null;
    const object = record ? await this.store.get(record.storageKey) : null;
    if (!record || !object)
      throw new ProblemException(404, 'GATEWAY.ATTACHMENT_NOT_FOUND', 'No such attachment.');
    return { record, object };
  }

  /**
   * Erasure: every stored attachment of this customer, bytes and rows. A customer merged into
   * another keeps their attachments under their own id: erase each merged id too.
   */
  async eraseCustomers(tenantId: string, customerIds: string[]): Promise<void> {
    for (const customerId of customerIds) await this.deleteCustomer(tenantId, customerId);
  }

  async deleteCustomer(tenantId: string, customerId: string): Promise<void> {
    // Bytes first: if that fails the rows remain, and erasing again finds everything.
    await this.store.deletePrefix(customerPrefix(tenantId, customerId));
    await this.dataSource.getRepository(AttachmentRecord).delete({ tenantId, customerId });
  }

  private async obtain(channel: Channel, attachment: InboundAttachment): Promise<Obtained> {
    const declaredType = mediaType(attachment.mimeType);
    if (attachment.sizeBytes != null && attachment.sizeBytes > this.limits.maxBytes)
      return { rejection: 'TOO_LARGE' };
    if (attachment.content) return this.judged(attachment.kind, attachment.content, declaredType);

    const adapter = this.adapters.for(channel.type);
    if (!adapter.fetchAttachment) return { rejection: 'UNSUPPORTED' };
    const fetched = await adapter.fetchAttachment(toChannelConfig(channel), attachment, {
      maxBytes: this.limits.maxBytes,
      timeoutMs: this.limits.timeoutMs,
    });
    if (fetched.ok)
      return this.judged(
        attachment.kind,
        fetched.bytes,
        effectiveType(fetched.contentType, attachment.mimeType),
      );
    if (!fetched.retryable) {
      this.logger.info({ channelId: channel.id, reason: fetched.reason }, 'attachment not fetched');
      return { rejection: fetched.rejection };
    }
    this.logger.warn(
      { channelId: channel.id, reason: fetched.reason },
      'attachment download failed; asking the channel to retry',
    );
    throw new ProblemException(
      503,
      'GATEWAY.ATTACHMENT_UNAVAILABLE',
      'An attachment could not be fetched from the provider yet; retry later.',
      { headers: { 'Retry-After': '5' } },
    );
  }

  private judged(kind: AttachmentKind, bytes: Buffer, type: string): Obtained {
    const rejection = judgeAttachment(kind, type, bytes.length, this.limits);
    return rejection ? { rejection } : { bytes, type };
  }

  private async keep(input: {
    id: string;
    channel: Channel;
    customerId: string;
    messageId: string | null;
    kind: AttachmentKind;
    name: string | undefined;
    bytes: Buffer;
    type: string;
  }): Promise<StoredAttachment> {
    const storageKey = attachmentKey(input.channel.tenantId, input.customerId, input.id);
    try {
      await this.store.put(storageKey, input.bytes, input.type);
      await this.dataSource.getRepository(AttachmentRecord).upsert(
        {
          id: input.id,
          tenantId: input.channel.tenantId,
          customerId: input.customerId,
          messageId: input.messageId,
          channelId: input.channel.id,
          kind: input.kind,
          name: input.name ?? null,
          mimeType: input.type,
          sizeBytes: input.bytes.length,
          storageKey,
        },
        ['id'],
      );
    } catch (error) {
      this.logger.error({ err: error }, 'attachment store unavailable');
      throw new ProblemException(
        503,
        'GATEWAY.ATTACHMENT_STORE_UNAVAILABLE',
        'The attachment could not be stored; retry later.',
        { headers: { 'Retry-After': '5' } },
      );
    }
    return {
      status: 'stored',
      id: input.id,
      kind: input.kind,
      ...(input.name ? { name: input.name } : {}),
      mimeType: input.type,
      sizeBytes: input.bytes.length,
    };
  }
}
