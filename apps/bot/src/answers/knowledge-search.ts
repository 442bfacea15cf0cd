import { Inject, Injectable } from '@nestjs/common';
import { searchResponseSchema, type ChannelType, type SearchHit } from '@tandem/contracts';
import { APP_CONFIG, ServiceClient } from '@tandem/platform';
import type { BotConfig } from '../config';

/** How many articles the bot retrieves for one customer message. */
export const RETRIEVED_ARTICLES = 3;

/** The knowledge service's search, as the bot calls it (published articles of the tenant). */
@Injectable()
export class KnowledgeSearch {
  constructor(
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
  ) {}

  async search(tenantId: string, query: string, channel: ChannelType): Promise<SearchHit[]> {
    const response = await this.services.post(
      `${this.config.KNOWLEDGE_URL}/v1/search`,
      tenantId,
      { query: query.slice(0, 2000), channel, limit: RETRIEVED_ARTICLES },
      searchResponseSchema,
      this.config.KNOWLEDGE_TIMEOUT_MS,
    );
    return response.hits;
  }
}
