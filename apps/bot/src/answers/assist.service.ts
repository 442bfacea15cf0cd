import { Inject, Injectable } from '@nestjs/common';
import type { ChannelType, PayloadOf } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import type { BotConfig } from '../config';
import { KnowledgeSearch } from './knowledge-search';

export type AssistSuggestion = Omit<PayloadOf<'assist.suggested'>, 'messageId'>;

/**
 * Agent assist while a person handles the conversation: the articles search finds for the
 * customer's message, and the best one's answer as a draft when it is as confident as the
 * bot would need to answer on its own. A search failure costs the agent a suggestion, never
 * the message: it is logged and the handler goes on.
 */
@Injectable()
export class AssistService {
  constructor(
    private readonly knowledge: KnowledgeSearch,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async suggest(tenantId: string, text: string, channel: ChannelType): Promise<AssistSuggestion> {
    try {
      const hits = await this.knowledge.search(tenantId, text, channel);
      const best = hits[0];
      return {
        articles: hits.map(({ articleId, title, score, matchedQuestion }) => ({
          articleId,
          title,
          score,
          matchedQuestion,
        })),
        draftReply: best && best.score >= this.config.BOT_ANSWER_THRESHOLD ? best.answer : null,
      };
    } catch (error) {
      this.logger.warn({ err: error }, 'knowledge search failed; no assist for this message');
      return { articles: [], draftReply: null };
    }
  }
}
