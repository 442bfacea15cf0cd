import { Injectable } from '@nestjs/common';
import {
  InboundRejected,
  type AttachmentFetchLimits,
  type ChannelAdapter,
  type ChannelConfig,
  type FetchedAttachment,
  type InboundAttachment,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
  type SendResult,
} from '../channels/adapters/channel-adapter';
import { WebchatHistory } from './webchat-history';
import { WebchatRooms } from './webchat-rooms';
import { WebchatUploads } from './webchat-uploads.service';

/**
 * The web chat channel. Unlike the provider adapters it owns its "provider": a reply is
 * delivered once it is in the visitor's history (they see it on their next connect if they
 * are away), and it is pushed to their open sockets at once.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter {
  readonly type = 'webchat' as const;

  constructor(
    private readonly history: WebchatHistory,
    private readonly rooms: WebchatRooms,
    private readonly uploads: WebchatUploads,
  ) {}

  receive(_channel: ChannelConfig, _request: InboundRequest, _now: Date): InboundResult {
    throw new InboundRejected(
      400,
      'WEBCHAT.USE_SOCKET',
      'Web chat messages arrive over the socket (namespace /webchat) after POST /v1/webchat/{channelId}/sessions, not as webhooks.',
    );
  }

  /**
   * A visitor's staged upload (`webchat-upload:<visitorId>:<uploadId>`, built by the socket
   * server once it checked the upload is theirs), read under this channel's keys only.
   */
  fetchAttachment(
    channel: ChannelConfig,
    attachment: InboundAttachment,
    limits: AttachmentFetchLimits,
  ): Promise<FetchedAttachment> {
    return this.uploads.fetch(channel, attachment, limits);
  }

  async send(
    channel: ChannelConfig,
    reply: OutboundReply,
    _timeoutMs: number,
  ): Promise<SendResult> {
    try {
      // Stored once; a redelivered reply is still pushed below (the widget drops ids it has
      // shown), since the first push may have died with the instance that stored it.
      await this.history.store({
        id: reply.replyId,
        tenantId: channel.tenantId,
        channelId: channel.id,
        conversationId: reply.conversationId,
        visitorId: reply.to,
        role: reply.from.role,
        ...(agentName(reply) ? { authorName: agentName(reply) } : {}),
        text: reply.text,
        at: new Date(reply.sentAt),
      });
    } catch (error) {
      return {
        ok: false,
        retryable: true,
        reason: `web chat history: ${(error as Error).message}`,
      };
    }
    this.rooms.reply(channel.id, reply.to, {
      id: reply.replyId,
      role: reply.from.role,
      ...(agentName(reply) ? { name: agentName(reply) } : {}),
      text: reply.text,
      sentAt: reply.sentAt,
    });
    // A survey question also comes as a `survey` event, for a rating control; answered with
    // `survey-answer` (or by writing the number).
    if (reply.survey)
      this.rooms.survey(channel.id, reply.to, {
        id: reply.survey.id,
        kind: reply.survey.kind,
        question: reply.text,
        min: reply.survey.min,
        max: reply.survey.max,
      });
    return { ok: true };
  }
}

/** The name the visitor sees on a person's reply (the bot's replies carry none; nor do replies from before names were sent, named "Agent"). */
function agentName(reply: OutboundReply): string | undefined {
  const name = reply.from.name.trim();
  return reply.from.role === 'agent' && name && name !== 'Agent' ? name : undefined;
}
