import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type ChannelType, type EventEnvelope } from '@tandem/contracts';
import { EventPublisher, type HandlerContext } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import { ChannelsService } from '../channels/channels.service';
import { ConversationsService } from '../conversations/conversations.service';
import type { GatewayConfig } from '../config';
import { Delivery } from './delivery.entity';
import type { OutboundReply, SendResult } from '../channels/adapters/channel-adapter';
import { ChannelAdapters, toChannelConfig } from '../channels/adapters/channel-adapters';

export const GATEWAY_CONSUMER = 'gateway';

/** The tone each channel asks of a reply (the bot shapes its text by it). */
const TONE_BY_CHANNEL: Record<ChannelType, OutboundReply['toneHint']> = {
  generic: 'neutral',
  webchat: 'neutral',
  wechat: 'neutral',
  sms: 'short',
  email: 'formal',
};

export interface Reply {
  replyId: string;
  text: string;
  from: { role: 'bot' | 'agent'; name: string };
  /** Set when the text is a survey question (the customer answers it with a number). */
  survey?: OutboundReply['survey'];
}

/**
 * Delivers replies to the customer's channel, in order per conversation (one partition
 * handles one conversation at a time), retrying with backoff up to a cap, and records the
 * outcome as an event the desk can show.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: ConversationsService,
    private readonly adapters: ChannelAdapters,
    private readonly channels: ChannelsService,
    private readonly publisher: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async deliver(
    event: EventEnvelope<'bot.replied' | 'agent.replied' | 'survey.requested'>,
    reply: Reply,
    context: HandlerContext,
  ): Promise<void> {
    if (await this.alreadyHandled(event.id)) return;
    const conversation = await this.conversations.find(event.tenantId, event.aggregateId);
    const channel = conversation ? await this.channels.byId(conversation.channelId) : null;
    let attempts = 0;
    let outcome: SendResult = {
      ok: false,
      retryable: false,
      reason: 'the conversation did not come through this gateway',
    };
    if (conversation && channel) {
      const adapter = this.adapters.for(channel.type);
      const config = toChannelConfig(channel);
      const message = {
        replyId: reply.replyId,
        conversationId: conversation.id,
        to: conversation.externalId,
        from: reply.from,
        text: reply.text,
        sentAt: event.occurredAt,
        toneHint: TONE_BY_CHANNEL[channel.type],
        ...(reply.survey ? { survey: reply.survey } : {}),
      };
      for (;;) {
        attempts += 1;
        outcome = await adapter.send(config, message, this.config.DELIVERY_TIMEOUT_MS);
        if (outcome.ok || !outcome.retryable || attempts >= this.config.DELIVERY_ATTEMPTS) break;
        await context.heartbeat().catch(() => undefined);
        await new Promise((resolve) =>
          setTimeout(resolve, this.config.DELIVERY_BACKOFF_MS * 2 ** (attempts - 1)),
        );
      }
    }
    if (!outcome.ok) {
      this.logger.warn(
        { replyId: reply.replyId, attempts, reason: outcome.reason },
        'delivery failed',
      );
      // The reply itself goes to the dead-letter topic, so an operator can see it and send it again.
      await this.publisher.publishDeadLetter(JSON.stringify(event), event.aggregateId, {
        'dlt-code': 'DELIVERY_FAILED',
        'dlt-reason': outcome.reason.slice(0, 2_000),
        'dlt-group': GATEWAY_CONSUMER,
        'dlt-attempts': String(attempts),
        'dlt-at': new Date().toISOString(),
      });
    }
    await this.unitOfWork.handleOnce(GATEWAY_CONSUMER, event, async (tx) => {
      const channelId = channel?.id ?? null;
      await tx.manager.upsert(
        Delivery,
        {
          replyId: reply.replyId,
          tenantId: event.tenantId,
          conversationId: event.aggregateId,
          channelId,
          status: outcome.ok ? 'delivered' : 'failed',
          attempts: Math.max(attempts, 1),
          lastError: outcome.ok ? null : outcome.reason,
        },
        ['replyId'],
      );
      const common = { tenantId: event.tenantId, aggregateId: event.aggregateId, cause: event };
      tx.emit(
        outcome.ok
          ? createEvent('delivery.succeeded', {
              ...common,
              payload: { replyId: reply.replyId, channelId: channelId!, attempts },
            })
          : createEvent('delivery.failed', {
              ...common,
              payload: {
                replyId: reply.replyId,
                channelId: channelId ?? 'unknown',
                attempts: Math.max(attempts, 1),
                reason: outcome.reason,
                ...(outcome.unreachable ? { unreachable: outcome.unreachable } : {}),
              },
            }),
      );
    });
  }

  /** The customer's next message starts a new conversation (after the reopen window, if any). */
  async markResolved(event: EventEnvelope<'conversation.resolved'>): Promise<void> {
    let cacheKey: string | null = null;
    await this.unitOfWork.handleOnce(GATEWAY_CONSUMER, event, async (tx) => {
      const { reopenUntil } = event.payload;
      cacheKey = await this.conversations.markResolved(
        tx.manager,
        event.tenantId,
        event.aggregateId,
        reopenUntil ? new Date(reopenUntil) : null,
      );
    });
    // Also on a redelivery (a crash between the commit and this line): forgetting is idempotent.
    cacheKey ??= await this.conversations.cacheKeyOf(event.tenantId, event.aggregateId);
    await this.conversations.forget(cacheKey);
  }

  private async alreadyHandled(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`,
      [GATEWAY_CONSUMER, eventId],
    );
    return rows.length > 0;
  }
}
