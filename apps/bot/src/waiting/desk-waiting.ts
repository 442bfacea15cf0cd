import { Inject, Injectable } from '@nestjs/common';
import { conversationWaitSchema, type ConversationWait } from '@tandem/contracts';
import { APP_CONFIG, ServiceCallError, ServiceClient } from '@tandem/platform';
import type { BotConfig } from '../config';

/** The desk's `GET /v1/conversations/{id}/wait`, as the bot calls it (service token). */
@Injectable()
export class DeskWaiting {
  constructor(
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
  ) {}

  /** Where the conversation stands; null when the desk does not know it (yet). */
  async waitOf(tenantId: string, conversationId: string): Promise<ConversationWait | null> {
    try {
      return await this.services.get(
        `${this.config.DESK_URL}/v1/conversations/${encodeURIComponent(conversationId)}/wait`,
        tenantId,
        conversationWaitSchema,
        this.config.DESK_TIMEOUT_MS,
      );
    } catch (error) {
      if (error instanceof ServiceCallError && error.status === 404) return null;
      throw error;
    }
  }
}
