import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createEvent, deterministicUuid, type AnyEvent, type Attachment } from '@tandem/contracts';
import { EventPublisher, PublishError } from '@tandem/messaging';
import { addToContext, type Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ProblemException, REDIS } from '@tandem/platform';
import {
  InboundRejected,
  type InboundMessage,
  type InboundRequest,
  type ProviderResponse,
} from '../channels/adapters/channel-adapter';
import { AttachmentsService } from '../attachments/attachments.service';
import { ChannelAdapters, toChannelConfig } from '../channels/adapters/channel-adapters';
import type { Channel } from '../channels/channel.entity';
import { ChannelsService } from '../channels/channels.service';
import { ConversationsService } from '../conversations/conversations.service';
import type { GatewayConfig } from '../config';
import { SurveysService } from '../surveys/surveys.service';
import { countAndRead, type RateLimit } from './rate-limiter';

export interface Accepted {
  status: 'accepted' | 'duplicate';
  messageId: string;
  conversationId: string | null;
  /** As published (accepted messages only): web chat shows them in the visitor's history. */
  attachments?: Attachment[];
  /**
   * Set when the message answered the customer's open survey ("5 很好"): it was published as
   * `survey.answered` on the surveyed conversation, not as a message (the bot never sees it).
   */
  surveyId?: string;
}

export interface Received {
  accepted: Accepted[];
  /** What the provider expects as the HTTP answer. */
  reply: ProviderResponse;
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
    private readonly adapters: ChannelAdapters,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
    private readonly surveys: SurveysService,
    private readonly publisher: EventPublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async receive(
    channelId: string,
    request: InboundRequest,
    now: Date = new Date(),
  ): Promise<Received> {
    const channel = await this.channels.getForWebhook(channelId);
    addToContext({ tenantId: channel.tenantId });
    let result;
    try {
      result = this.adapters.for(channel.type).receive(toChannelConfig(channel), request, now);
    } catch (error) {
      if (error instanceof InboundRejected)
        throw new ProblemException(error.status, error.code, error.message);
      throw error;
    }
    if (result.kind === 'respond') return { accepted: [], reply: result.reply };
    return { accepted: await this.ingest(channel, result.messages, now), reply: result.reply };
  }

  /**
   * Publishes normalised messages from an authentic source (a verified webhook, a web chat
   * session): rate limits, duplicate check, conversation, event, acknowledgement.
   */
  async ingest(
    channel: Channel,
    messages: readonly InboundMessage[],
    now: Date = new Date(),
  ): Promise<Accepted[]> {
    // One Redis command: the rate limits (counted only for authentic requests, so forged
    // ones cannot use up a channel's quota) and, per message, its duplicate marker and the
    // customer's open conversation.
    const limits = this.limitsFor(channel);
    const keys = messages.map((message) => {
      const messageId = deterministicUuid('tandem.message', channel.id, message.channelMessageId);
      // Scoped by deployment, so installations (or test runs) sharing one Redis never collide.
      const seenKey = `${this.config.KAFKA_TOPIC_PREFIX}:gateway:seen:${messageId}`;
      return {
        messageId,
        seenKey,
        openKey: this.conversations.cacheKey(channel.id, message.externalId),
      };
    });
    const { decision, values } = await countAndRead(
      this.redis,
      limits,
      keys.flatMap(({ seenKey, openKey }) => [seenKey, openKey]),
      now.getTime(),
    );
    if (!decision.allowed) {
      const scope = decision.key.includes(':channel:') ? 'channel' : 'tenant';
      throw new ProblemException(
        429,
        'GATEWAY.RATE_LIMITED',
        `Too many messages for this ${scope}; retry shortly.`,
        {
          headers: { 'Retry-After': String(decision.retryAfterSeconds) },
        },
      );
    }
    const accepted: Accepted[] = [];
    for (const [index, message] of messages.entries()) {
      const [seenIn, open] = [values[index * 2] ?? null, values[index * 2 + 1] ?? null];
      accepted.push(await this.accept(channel, message, keys[index]!, seenIn, open, now));
    }
    return accepted;
  }

  private async accept(
    channel: Channel,
    message: InboundMessage,
    { messageId, seenKey }: { messageId: string; seenKey: string },
    seenIn: string | null,
    open: string | null,
    now: Date,
  ): Promise<Accepted> {
    if (seenIn) return { status: 'duplicate', messageId, conversationId: seenIn };

    // The answer to the customer's open survey, instead of a message (stored through the outbox).
    const survey = await this.surveys.answerFromMessage(channel, message, messageId, now);
    if (survey) {
      const { conversationId } = survey.survey;
      await this.markSeen(seenKey, conversationId);
      return { status: survey.outcome, messageId, conversationId, surveyId: survey.survey.id };
    }

    const { conversationId, customerId, tier } = open
      ? this.conversations.fromCache(open)
      : await this.conversations.openFor(
          channel,
          message.externalId,
          message.verified,
          message.customerName ?? null,
        );
    addToContext({ conversationId });
    // Text-only messages (nearly all) skip this without an await. A transient download
    // failure throws a 503 here, before anything is published: the provider retries.
    const attachments =
      message.attachments.length === 0
        ? []
        : await this.attachments.storeInbound(channel, customerId, messageId, message.attachments);
    const common = {
      tenantId: channel.tenantId,
      aggregateId: conversationId,
      customerId,
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
          channelMessageId: message.channelMessageId,
          customer: {
            id: customerId,
            ...(message.customerName ? { displayName: message.customerName } : {}),
            ...(tier ? { tier } : {}),
          },
          text: message.text,
          attachments,
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
    await this.markSeen(seenKey, conversationId);
    return { status: 'accepted', messageId, conversationId, attachments };
  }

  private async markSeen(seenKey: string, conversationId: string): Promise<void> {
    await this.redis
      .set(seenKey, conversationId, 'EX', SEEN_TTL_SECONDS)
      .catch((error: unknown) => {
        // The events are stored; a lost marker only means a retry would publish a copy that consumers drop by id.
        this.logger.warn({ err: error }, 'could not record the message as seen');
      });
  }

  private limitsFor(channel: Channel): RateLimit[] {
    const prefix = `${this.config.KAFKA_TOPIC_PREFIX}:gateway:rate`;
    return [
      {
        key: `${prefix}:channel:${channel.id}`,
        perSecond: this.config.RATE_LIMIT_CHANNEL_PER_SECOND,
      },
      {
        key: `${prefix}:tenant:${channel.tenantId}`,
        perSecond: this.config.RATE_LIMIT_TENANT_PER_SECOND,
      },
    ];
  }
}
