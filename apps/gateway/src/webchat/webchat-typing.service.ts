import { Injectable } from '@nestjs/common';
import { ProblemException } from '@tandem/platform';
import { ChannelsService } from '../channels/channels.service';
import { ConversationsService } from '../conversations/conversations.service';
import { WebchatRooms } from './webchat-rooms';

@Injectable()
export class WebchatTyping {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly channels: ChannelsService,
    private readonly rooms: WebchatRooms,
  ) {}

  async agentTyping(tenantId: string, conversationId: string, isTyping: boolean): Promise<void> {
    const conversation = isUuid(conversationId)
      ? await this.conversations.find(tenantId, conversationId)
      : null;
    if (!conversation)
      throw new ProblemException(
        404,
        'GATEWAY.UNKNOWN_CONVERSATION',
        `No conversation ${conversationId}.`,
      );
    const channel = await this.channels.byId(conversation.channelId);
    if (channel?.type !== 'webchat')
      throw new ProblemException(
        409,
        'WEBCHAT.TYPING_UNSUPPORTED',
        'Typing is shown only in web chat conversations.',
      );
    if (!this.rooms.agentTyping(channel.id, conversation.externalId, isTyping))
      throw new ProblemException(503, 'SERVICE.UNAVAILABLE', 'The gateway is shutting down.', {
        headers: { 'Retry-After': '1' },
      });
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
