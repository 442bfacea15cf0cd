import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, deterministicUuid, type EventEnvelope } from '@tandem/contracts';
import type { HandlerContext } from '@tandem/messaging';
import { UnitOfWork } from '@tandem/persistence';
import { analyzeMessage } from '../analysis/analyze-message';
import { modeOf } from '../conversations/conversation-modes';
import { AnswerLogEntry } from './answer-log.entity';
import { PersonaService } from '../persona/persona.service';
import { AssistService } from './assist.service';
import { ModelUsageRepository } from './model-usage.repository';
import { Responder, type ResponderDecision } from './responder';

export const BOT_CONSUMER = 'bot';

/** Knowledge outages are retried this many times before the bot defers with the reason. */
const SEARCH_ATTEMPTS = 3;

/**
 * For every customer message: analyse it (the router's signals), and in bot mode let the
 * responder answer it from the knowledge base or defer. In queued and human mode the bot
 * never answers; in human mode it suggests articles and a reply to the agent instead.
 */
@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly responder: Responder,
    private readonly usage: ModelUsageRepository,
    private readonly assist: AssistService,
    private readonly personas: PersonaService,
  ) {}

  async onMessage(
    event: EventEnvelope<'message.received'>,
    context: HandlerContext,
  ): Promise<void> {
    if (await this.alreadyHandled(event.id)) return;
    const { messageId, text } = event.payload;
    const mode = await modeOf(this.dataSource.manager, event.tenantId, event.aggregateId);
    const decision: ResponderDecision | null =
      mode === 'bot' && text.trim().length > 0
        ? await this.responder.respond(
            {
              tenantId: event.tenantId,
              text,
              channel: event.payload.channel.type,
              persona: await this.personas.of(event.tenantId),
              firstReply: !(await this.answeredBefore(event.tenantId, event.aggregateId)),
            },
            { rethrowSearchErrors: context.attempt < SEARCH_ATTEMPTS },
          )
        : null;
    // Spent tokens are counted even if this handler fails later and the message is retried.
    await this.usage.record(event.tenantId, decision?.usage, new Date());
    const analysis = decision?.analysis ?? analyzeMessage(text);
    const choice = decision?.choice ?? null;
    const assist =
      mode === 'human' && text.trim().length > 0
        ? await this.assist.suggest(event.tenantId, text, event.payload.channel.type)
        : null;

    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, async (tx) => {
      const common = { tenantId: event.tenantId, aggregateId: event.aggregateId, cause: event };
      tx.emit(
        createEvent('message.analyzed', {
          ...common,
          payload: { messageId, ...analysis },
        }),
      );
      if (assist)
        tx.emit(createEvent('assist.suggested', { ...common, payload: { messageId, ...assist } }));
      if (decision && choice?.kind === 'answer') {
        tx.emit(
          createEvent('bot.replied', {
            ...common,
            payload: {
              replyId: deterministicUuid('bot.reply', messageId),
              inReplyTo: messageId,
              text: choice.text,
              language: analysis.language,
              confidence: decision.confidence,
              sources: decision.sources,
              provider: decision.provider,
              kind: 'answer',
            },
          }),
        );
      } else if (decision && choice?.kind === 'defer') {
        tx.emit(
          createEvent('bot.deferred', {
            ...common,
            payload: {
              inReplyTo: messageId,
              reason: choice.reason,
              confidence: decision.confidence,
            },
          }),
        );
      }
      await tx.manager.insert(AnswerLogEntry, {
        messageId,
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
        outcome: choice === null ? 'silent' : choice.kind === 'answer' ? 'answered' : 'deferred',
        reason: choice === null ? `mode ${mode}` : choice.kind === 'defer' ? choice.reason : null,
        confidence: decision?.confidence ?? 0,
        articleId: choice?.kind === 'answer' ? (decision?.sources[0]?.articleId ?? null) : null,
      });
    });
  }

  private async answeredBefore(tenantId: string, conversationId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM answer_log
        WHERE tenant_id = $1 AND conversation_id = $2 AND outcome = 'answered' LIMIT 1`,
      [tenantId, conversationId],
    );
    return rows.length > 0;
  }

  private async alreadyHandled(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`,
      [BOT_CONSUMER, eventId],
    );
    return rows.length > 0;
  }
}
