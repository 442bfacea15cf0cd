import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  createEvent,
  deterministicUuid,
  genericWebhookSchema,
  verifySignature,
  type AnyEvent,
} from '@tandem/contracts';
import { EventPublisher, PublishError } from '@tandem/messaging';
import { addToContext, type Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, parseOrThrow, ProblemException, REDIS } from '@tandem/platform';
import { ChannelsService } from '../channels/channels.service';
import { ConversationsService } from '../conversations/conversations.service';
import type { GatewayConfig } from '../config';

export interface Accepted {
  status: 'accepted' | 'duplicate';
  messageId: string;
  conversationId: string | null;
}

const SEEN_TTL_SECONDS = 7 * 24 * 3_600;

/**
 * Turns a channel's webhook into events on the conversation log. The answer is a success
 * only once Kafka acknowledged the events; if Kafka cannot, the channel gets a 503 and
 * retries, and the retry maps to the same event ids.
 */
@Injectable()
export class InboundService {
  constructor(
    private readonly channels: ChannelsService,
    private readonly conversations: ConversationsService,
    private readonly publisher: EventPublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async receiveGeneric(
    channelId: string,
    rawBody: Buffer | undefined,
    signature: string | undefined,
    body: unknown,
    now: Date = new Date(),
  ): Promise<Accepted> {
    const channel = await this.channels.getForWebhook(channelId);
    addToContext({ tenantId: channel.tenantId });
    if (!rawBody) {
      throw new ProblemException(
        415,
        'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
        'Send the message as application/json.',
      );
    }
    const check = verifySignature(
      channel.secret,
      rawBody,
      signature,
      Math.floor(now.getTime() / 1000),
      this.config.WEBHOOK_MAX_SKEW_SECONDS,
    );
    if (!check.ok) {
      const stale = check.code === 'STALE';
      throw new ProblemException(
        401,
        stale ? 'GATEWAY.STALE_SIGNATURE' : 'GATEWAY.BAD_SIGNATURE',
        stale
          ? `The signature timestamp is more than ${this.config.WEBHOOK_MAX_SKEW_SECONDS} s from now; sign again when retrying.`
          : `The X-Tandem-Signature header is ${check.code.toLowerCase()}.`,
      );
    }
    const message = parseOrThrow(genericWebhookSchema, body, 'GATEWAY.INVALID_MESSAGE');
    const messageId = deterministicUuid('tandem.message', channel.id, message.messageId);
    // Scoped by deployment, so installations (or test runs) sharing one Redis never collide.
    const seenKey = `${this.config.KAFKA_TOPIC_PREFIX}:gateway:seen:${messageId}`;
    const [seenIn, open] = await this.redis.mget(
      seenKey,
      this.conversations.cacheKey(channel.id, message.from.id),
    );
    if (seenIn) return { status: 'duplicate', messageId, conversationId: seenIn };

    const { conversationId, customerId } = open
      ? this.conversations.fromCache(open)
      : await this.conversations.openFor(channel, message.from.id);
    addToContext({ conversationId });
    const common = {
      tenantId: channel.tenantId,
      aggregateId: conversationId,
      correlationId: messageId,
      occurredAt: now,
    };
    const events: AnyEvent[] = [
      createEvent('message.received', {
        ...common,
        id: deterministicUuid('message.received', messageId),
        payload: {
          messageId,
          channel: { id: channel.id, type: channel.type },
          channelMessageId: message.messageId,
          customer: {
            id: customerId,
            ...(message.from.name ? { displayName: message.from.name } : {}),
          },
          text: message.text,
          attachments: [],
          receivedAt: now.toISOString(),
        },
      }),
    ];
    if (message.action === 'request_human') {
      events.push(
        createEvent('human.requested', {
          ...common,
          id: deterministicUuid('human.requested', messageId),
          payload: { messageId, source: 'button' },
        }),
      );
    }
    try {
      await this.publisher.publish(events);
    } catch (error) {
      if (error instanceof PublishError) {
        this.logger.warn({ err: error }, 'Kafka unavailable; asking the channel to retry');
        throw new ProblemException(
          503,
          'GATEWAY.BROKER_UNAVAILABLE',
          'The message could not be stored; retry later.',
          {
            headers: { 'Retry-After': '5' },
          },
        );
      }
      throw error;
    }
    await this.redis
      .set(seenKey, conversationId, 'EX', SEEN_TTL_SECONDS)
      .catch((error: unknown) => {
        // The events are stored; a lost marker only means a retry would publish a copy that consumers drop by id.
        this.logger.warn({ err: error }, 'could not record the message as seen');
      });
    return { status: 'accepted', messageId, conversationId };
  }
}
