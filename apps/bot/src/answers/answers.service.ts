import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, deterministicUuid, type EventEnvelope } from '@tandem/contracts';
import type { HandlerContext } from '@tandem/messaging';
import { UnitOfWork } from '@tandem/persistence';
import { Analyzer } from '../analysis/analyzer';
import { modeOf } from '../conversations/conversation-modes';
import { transcript, TRANSCRIPT_TURNS, type TranscriptTurn } from '../conversations/transcript';
import { AnswerLogEntry } from './answer-log.entity';
import { PersonaService } from '../persona/persona.service';
import { CustomerProfiles } from '../customers/customer-profiles';
import { TopicsService } from '../topics/topics.service';
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
    private readonly analyzer: Analyzer,
    private readonly profiles: CustomerProfiles,
    private readonly topics: TopicsService,
  ) {}

  async onMessage(
    event: EventEnvelope<'message.received'>,
    context: HandlerContext,
  ): Promise<void> {
    if (await this.alreadyHandled(event.id)) return;
    const { messageId, text, attachments } = event.payload;
    const mode = await modeOf(
      this.dataSource.manager,
      event.tenantId,
      event.aggregateId,
      new Date(event.occurredAt),
    );
    const answering = mode === 'bot' && (text.trim().length > 0 || attachments.length > 0);
    const topics = await this.topics.of(event.tenantId);
    const history = answering
      ? await transcript.recent(this.dataSource.manager, event.tenantId, event.aggregateId)
      : [];
    const decision: ResponderDecision | null = answering
      ? await this.responder.respond(
          {
            tenantId: event.tenantId,
            text,
            channel: event.payload.channel.type,
            history,
            attachments,
            topics,
            customer: () => this.profiles.of(event.tenantId, event.payload.customer.id),
            persona: await this.personas.of(event.tenantId),
            firstReply: !(await this.answeredBefore(event.tenantId, event.aggregateId, history)),
          },
          { rethrowSearchErrors: context.attempt < SEARCH_ATTEMPTS },
        )
      : null;
    // Outside bot mode the message is analysed alone (the responder analyses it in bot mode).
    const analyzed = decision ?? (await this.analyzer.analyze(text, [], { topics }));
    // Spent tokens are counted even if this handler fails later and the message is retried.
    await this.usage.record(event.tenantId, analyzed.usage, new Date());
    const { analysis } = analyzed;
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
      if (text.trim().length > 0)
        await transcript.append(tx.manager, event.tenantId, event.aggregateId, {
          messageId,
          role: 'customer',
          text,
          at: new Date(event.payload.receivedAt),
        });
      if (decision && choice?.kind === 'answer')
        await transcript.append(tx.manager, event.tenantId, event.aggregateId, {
          messageId: deterministicUuid('bot.reply', messageId),
          role: 'bot',
          text: choice.text,
          articleId: decision.sources[0]?.articleId ?? null,
          // Just after the question, whatever the clocks say.
          at: new Date(new Date(event.payload.receivedAt).getTime() + 1),
        });
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

  /** An agent's reply joins the transcript: the bot reads it when the conversation comes back. */
  async onAgentReply(event: EventEnvelope<'agent.replied'>): Promise<void> {
    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, (tx) =>
      transcript.append(tx.manager, event.tenantId, event.aggregateId, {
        messageId: event.payload.replyId,
        role: 'agent',
        text: event.payload.text,
        at: new Date(event.occurredAt),
      }),
    );
  }

  /** A customer's erasure: the bot's copies of their conversations' text go. */
  async onCustomerErased(event: EventEnvelope<'customer.erased'>): Promise<void> {
    this.profiles.forget(event.tenantId, [
      event.payload.customerId,
      ...event.payload.mergedCustomerIds,
    ]);
    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, async (tx) => {
      await transcript.erase(tx.manager, event.tenantId, event.payload.conversationIds);
    });
  }

  /**
   * Whether the bot has answered in this conversation: the recent turns say (no query for a
   * new conversation); only a conversation with a full window of turns and no answer in it
   * asks the answer log.
   */
  private async answeredBefore(
    tenantId: string,
    conversationId: string,
    recent: readonly TranscriptTurn[],
  ): Promise<boolean> {
    if (recent.some((turn) => turn.role === 'bot')) return true;
    if (recent.length < TRANSCRIPT_TURNS) return false;
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
