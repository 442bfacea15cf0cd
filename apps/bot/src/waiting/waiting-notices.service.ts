import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, deterministicUuid, type EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import { analyzeMessage } from '../analysis/analyze-message';
import { BOT_CONSUMER } from '../answers/answers.service';
import type { BotConfig } from '../config';
import { ConversationModeRow } from '../conversations/conversation-mode.entity';
import { PersonaService } from '../persona/persona.service';
import { DeskWaiting } from './desk-waiting';
import { noticeDue, UNKNOWN_WAIT, waitingNotice, type WaitFacts } from './waiting-notice';

/**
 * Customer messages are answered by AnswersService under BOT_CONSUMER; their waiting notices
 * are claimed under their own name, so each is sent once whichever part a retry repeats.
 */
export const WAITING_CONSUMER = 'bot.waiting';

type Language = 'zh' | 'en' | 'other';

/**
 * In queued mode the bot never answers, but the customer must know they are waiting: a
 * notice with their place and the expected wait when the conversation is queued, and a fresh
 * one when they write again, at most once per BOT_WAIT_NOTICE_INTERVAL_MS.
 */
@Injectable()
export class WaitingNotices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly desk: DeskWaiting,
    private readonly personas: PersonaService,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The desk queued it: the place and estimate it computed then, in the handoff's language. */
  async onQueued(event: EventEnvelope<'conversation.queued'>): Promise<void> {
    const { name } = await this.personas.of(event.tenantId);
    await this.unitOfWork.handleOnce(BOT_CONSUMER, event, async (tx) => {
      const row = await tx.manager.findOneBy(ConversationModeRow, {
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
      });
      if (row?.mode !== 'queued') return;
      const { position, estimatedWaitSeconds, agentsOnline } = event.payload;
      await this.send(tx, event, {
        facts: {
          position: position ?? null,
          estimatedWaitSeconds: estimatedWaitSeconds ?? null,
          agentsOnline: agentsOnline ?? null,
          noAgentOnline: row.noAgentOnline ?? 'queue',
        },
        language: row.language ?? 'other',
        name,
        inReplyTo: event.id,
      });
    });
  }

  /** A customer message while queued: a fresh notice from the desk, if the last is old enough. */
  async onMessage(event: EventEnvelope<'message.received'>): Promise<void> {
    const row = await this.dataSource.manager.findOneBy(ConversationModeRow, {
      tenantId: event.tenantId,
      conversationId: event.aggregateId,
    });
    if (row?.mode !== 'queued') return;
    const now = new Date(event.occurredAt);
    if (!noticeDue(row.lastNoticeAt, now, this.config.BOT_WAIT_NOTICE_INTERVAL_MS)) return;
    const wait = await this.currentWait(event);
    if (wait === 'not waiting') return;
    const facts: WaitFacts = { ...wait, noAgentOnline: row.noAgentOnline ?? 'queue' };
    const analysed = analyzeMessage(event.payload.text).language;
    const language: Language = analysed !== 'other' ? analysed : (row.language ?? 'other');
    const { name } = await this.personas.of(event.tenantId);
    await this.unitOfWork.handleOnce(WAITING_CONSUMER, event, (tx) =>
      this.send(tx, event, {
        facts,
        language,
        name,
        inReplyTo: event.payload.messageId,
      }),
    );
  }

  /** The desk's view now; without numbers when it cannot be asked (the notice still goes). */
  private async currentWait(
    event: EventEnvelope<'message.received'>,
  ): Promise<WaitFacts | 'not waiting'> {
    try {
      const wait = await this.desk.waitOf(event.tenantId, event.aggregateId);
      if (!wait) return UNKNOWN_WAIT;
      if (wait.status === 'assigned' || wait.status === 'resolved' || wait.status === 'abandoned')
        return 'not waiting';
      return wait;
    } catch (error) {
      this.logger.warn(
        { err: error, tenantId: event.tenantId, conversationId: event.aggregateId },
        'desk unreachable; waiting notice without numbers',
      );
      return UNKNOWN_WAIT;
    }
  }

  /**
   * Claims the conversation's notice slot (still queued, last notice old enough) and emits
   * the notice; a concurrent or repeated claim finds the slot taken and says nothing.
   */
  private async send(
    tx: Tx,
    cause: EventEnvelope,
    notice: { facts: WaitFacts; language: Language; name: string | null; inReplyTo: string },
  ): Promise<void> {
    const at = new Date(cause.occurredAt);
    const claimed = await tx.manager
      .createQueryBuilder()
      .update(ConversationModeRow)
      .set({ lastNoticeAt: at, language: notice.language })
      .where('tenant_id = :tenantId AND conversation_id = :conversationId AND mode = :mode', {
        tenantId: cause.tenantId,
        conversationId: cause.aggregateId,
        mode: 'queued',
      })
      .andWhere(
        cause.type === 'conversation.queued'
          ? 'true'
          : '(last_notice_at IS NULL OR last_notice_at <= :due)',
        { due: new Date(at.getTime() - this.config.BOT_WAIT_NOTICE_INTERVAL_MS) },
      )
      .execute();
    if (!claimed.affected) return;
    const language = notice.language === 'other' ? 'en' : notice.language;
    tx.emit(
      createEvent('bot.replied', {
        tenantId: cause.tenantId,
        aggregateId: cause.aggregateId,
        cause,
        payload: {
          replyId: deterministicUuid('bot.notice', cause.id),
          inReplyTo: notice.inReplyTo,
          text: waitingNotice({ facts: notice.facts, language, name: notice.name }),
          language,
          confidence: 1,
          sources: [],
          provider: 'local',
          kind: 'notice',
        },
      }),
    );
    this.logger.info(
      {
        tenantId: cause.tenantId,
        conversationId: cause.aggregateId,
        position: notice.facts.position,
      },
      'waiting notice',
    );
  }
}
