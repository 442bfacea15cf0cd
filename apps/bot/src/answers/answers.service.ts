import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createEvent,
  deterministicUuid,
  searchResponseSchema,
  type ChannelType,
  type EventEnvelope,
  type SearchHit,
} from '@tandem/contracts';
import type { HandlerContext } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, LOGGER, ServiceClient } from '@tandem/platform';
import { analyzeMessage } from '../analysis/analyze-message';
import { modeOf } from '../conversations/conversation-modes';
import type { BotConfig } from '../config';
import { AnswerLogEntry } from './answer-log.entity';
import { chooseAnswer, type AnswerChoice } from './choose-answer';

export const BOT_CONSUMER = 'bot';

/** Knowledge outages are retried this many times before the bot defers with the reason. */
const SEARCH_ATTEMPTS = 3;

/**
 * For every customer message: analyse it (the router's signals), and in bot mode answer it
 * from the knowledge base or defer. In queued and human mode the bot never answers.
 */
@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onMessage(
    event: EventEnvelope<'message.received'>,
    context: HandlerContext,
  ): Promise<void> {
    if (await this.alreadyHandled(event.id)) return;
    const { messageId, text } = event.payload;
    const analysis = analyzeMessage(text);
    const mode = await modeOf(this.dataSource.manager, event.tenantId, event.aggregateId);
    const shouldAnswer = mode === 'bot' && !analysis.humanRequested && text.trim().length > 0;

    let choice:
      | AnswerChoice
      | { kind: 'defer'; reason: 'PROVIDER_ERROR' | 'HUMAN_REQUESTED'; confidence: number }
      | null = null;
    if (analysis.humanRequested && mode === 'bot')
      choice = { kind: 'defer', reason: 'HUMAN_REQUESTED', confidence: 0 };
    if (shouldAnswer) {
      try {
        choice = chooseAnswer(
          await this.search(event.tenantId, text, event.payload.channel.type),
          this.config.BOT_ANSWER_THRESHOLD,
        );
      } catch (error) {
        if (context.attempt < SEARCH_ATTEMPTS) throw error;
        this.logger.warn({ err: error }, 'knowledge search failed; deferring');
        choice = { kind: 'defer', reason: 'PROVIDER_ERROR', confidence: 0 };
      }
    }

    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, async (tx) => {
      const common = { tenantId: event.tenantId, aggregateId: event.aggregateId, cause: event };
      tx.emit(
        createEvent('message.analyzed', {
          ...common,
          payload: { messageId, ...analysis },
        }),
      );
      if (choice?.kind === 'answer') {
        tx.emit(
          createEvent('bot.replied', {
            ...common,
            payload: {
              replyId: deterministicUuid('bot.reply', messageId),
              inReplyTo: messageId,
              text: choice.hit.answer,
              language: analysis.language,
              confidence: choice.confidence,
              sources: [
                {
                  articleId: choice.hit.articleId,
                  title: choice.hit.title,
                  score: choice.hit.score,
                },
              ],
              provider: 'local',
            },
          }),
        );
      } else if (choice?.kind === 'defer') {
        tx.emit(
          createEvent('bot.deferred', {
            ...common,
            payload: { inReplyTo: messageId, reason: choice.reason, confidence: choice.confidence },
          }),
        );
      }
      await tx.manager.insert(AnswerLogEntry, {
        messageId,
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
        outcome: choice === null ? 'silent' : choice.kind === 'answer' ? 'answered' : 'deferred',
        reason: choice === null ? `mode ${mode}` : choice.kind === 'defer' ? choice.reason : null,
        confidence: choice?.confidence ?? 0,
        articleId: choice?.kind === 'answer' ? choice.hit.articleId : null,
      });
    });
  }

  private async search(
    tenantId: string,
    query: string,
    channel: ChannelType,
  ): Promise<SearchHit[]> {
    const response = await this.services.post(
      `${this.config.KNOWLEDGE_URL}/v1/search`,
      tenantId,
      { query: query.slice(0, 2000), channel, limit: 3 },
      searchResponseSchema,
      this.config.KNOWLEDGE_TIMEOUT_MS,
    );
    return response.hits;
  }

  private async alreadyHandled(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`,
      [BOT_CONSUMER, eventId],
    );
    return rows.length > 0;
  }
}
