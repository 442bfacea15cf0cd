import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import { scrubPersonalData, terms } from '@tandem/text';
import type { KnowledgeConfig } from '../config';
import { KNOWLEDGE_CONSUMER } from '../consumer-group';
import { deferralIsGap } from './gap-reasons';
import { addTerms, chooseGap, signatureOf } from './group-question';

export interface GapView {
  id: string;
  status: 'open' | 'closed';
  occurrences: number;
  terms: string[];
  examples: { text: string; reason: string; confidence: number; at: string }[];
  closedByArticleId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

const EXAMPLES_PER_GAP = 5;
const CANDIDATE_GAPS = 50;

/**
 * Content gaps: what customers asked that the knowledge base could not answer well (the
 * bot deferred for want of an answer, see deferralIsGap, or answered below
 * GAP_CONFIDENCE_THRESHOLD), grouped by
 * similarity and ranked by how often it comes up, so supervisors write the missing articles.
 */
@Injectable()
export class GapsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: KnowledgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onDeferred(event: EventEnvelope<'bot.deferred'>): Promise<void> {
    // A customer asking for a person, or a provider fault, says nothing about the content.
    if (!deferralIsGap(event.payload.reason)) return;
    await this.unitOfWork.handleOnce(KNOWLEDGE_CONSUMER, event, ({ manager }) =>
      this.record(manager, event, event.payload.inReplyTo, 'deferred', event.payload.confidence),
    );
  }

  /** In the caller's transaction (the bot's answer also counts as the article's use). */
  async answeredIn(manager: EntityManager, event: EventEnvelope<'bot.replied'>): Promise<void> {
    if (event.payload.confidence >= this.config.GAP_CONFIDENCE_THRESHOLD) {
      // Answered well: if a person later takes over, this is not the question they resolved.
      await manager.query(
        `UPDATE case_messages SET answered_by_bot = true WHERE tenant_id = $1 AND message_id = $2`,
        [event.tenantId, event.payload.inReplyTo],
      );
      return;
    }
    await this.record(
      manager,
      event,
      event.payload.inReplyTo,
      'low_confidence',
      event.payload.confidence,
    );
  }

  private async record(
    manager: EntityManager,
    event: EventEnvelope<'bot.deferred' | 'bot.replied'>,
    messageId: string,
    reason: 'deferred' | 'low_confidence',
    confidence: number,
  ): Promise<void> {
    // The question itself, recorded from its message.received (same conversation, earlier on the log).
    const [question]: { text: string }[] = await manager.query(
      `SELECT text FROM case_messages WHERE tenant_id = $1 AND message_id = $2 AND role = 'customer'`,
      [event.tenantId, messageId],
    );
    const text = question ? scrubPersonalData(question.text).trim() : '';
    const questionTerms = [...new Set(terms(text))];
    if (questionTerms.length === 0) {
      this.logger.info({ messageId }, 'no question text to learn a gap from');
      return;
    }
    // One tenant's questions are grouped one at a time, so two alike questions arriving
    // together on different partitions do not open two groups.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `knowledge.gaps.${event.tenantId}`,
    ]);
    const candidates: { id: string; term_counts: Record<string, number>; occurrences: number }[] =
      await manager.query(
        `SELECT id, term_counts, occurrences FROM content_gaps
          WHERE tenant_id = $1 AND status = 'open' AND signature && $2::text[]
          ORDER BY occurrences DESC LIMIT ${CANDIDATE_GAPS}`,
        [event.tenantId, questionTerms],
      );
    const [seen]: unknown[] = await manager.query(
      `SELECT 1 FROM gap_questions WHERE message_id = $1`,
      [messageId],
    );
    if (seen) return;
    const at = new Date(event.occurredAt);
    const chosen = chooseGap(
      questionTerms,
      candidates.map((row) => ({
        id: row.id,
        termCounts: row.term_counts,
        occurrences: row.occurrences,
      })),
    );
    const gapId = chosen?.id ?? randomUUID();
    const termCounts = addTerms(chosen?.termCounts ?? {}, questionTerms);
    if (chosen) {
      await manager.query(
        `UPDATE content_gaps SET term_counts = $2, signature = $3, occurrences = occurrences + 1,
                last_seen_at = GREATEST(last_seen_at, $4)
          WHERE id = $1`,
        [gapId, JSON.stringify(termCounts), signatureOf(termCounts), at],
      );
    } else {
      await manager.query(
        `INSERT INTO content_gaps (id, tenant_id, signature, term_counts, occurrences, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5)`,
        [gapId, event.tenantId, signatureOf(termCounts), JSON.stringify(termCounts), at],
      );
    }
    await this.insertQuestion(manager, {
      messageId,
      gapId,
      tenantId: event.tenantId,
      conversationId: event.aggregateId,
      text,
      reason,
      confidence,
      at,
    });
  }

  /** The tenant's gaps, most frequent first, each with its latest example questions. */
  async list(tenantId: string, status: 'open' | 'closed', limit: number): Promise<GapView[]> {
    const gaps: {
      id: string;
      status: 'open' | 'closed';
      occurrences: number;
      signature: string[];
      closed_by_article_id: string | null;
      first_seen_at: Date;
      last_seen_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id, status, occurrences, signature, closed_by_article_id, first_seen_at, last_seen_at
         FROM content_gaps WHERE tenant_id = $1 AND status = $2
        ORDER BY occurrences DESC, last_seen_at DESC LIMIT $3`,
      [tenantId, status, limit],
    );
    if (gaps.length === 0) return [];
    const examples: {
      gap_id: string;
      text: string;
      reason: string;
      confidence: number;
      at: Date;
    }[] = await this.dataSource.query(
      `SELECT gap_id, text, reason, confidence, at FROM (
         SELECT *, row_number() OVER (PARTITION BY gap_id ORDER BY at DESC) AS n
           FROM gap_questions WHERE gap_id = ANY($1::uuid[])) ranked
        WHERE n <= ${EXAMPLES_PER_GAP} ORDER BY at DESC`,
      [gaps.map((gap) => gap.id)],
    );
    return gaps.map((gap) => ({
      id: gap.id,
      status: gap.status,
      occurrences: gap.occurrences,
      terms: gap.signature,
      examples: examples
        .filter((example) => example.gap_id === gap.id)
        .map(({ text, reason, confidence, at }) => ({
          text,
          reason,
          confidence,
          at: new Date(at).toISOString(),
        })),
      closedByArticleId: gap.closed_by_article_id,
      firstSeenAt: new Date(gap.first_seen_at).toISOString(),
      lastSeenAt: new Date(gap.last_seen_at).toISOString(),
    }));
  }

  /** A supervisor closes a gap with the article that answers it. */
  async close(tenantId: string, gapId: string, articleId: string): Promise<void> {
    const uuid = /^[0-9a-f-]{36}$/i;
    const [article]: unknown[] = uuid.test(articleId)
      ? await this.dataSource.query(`SELECT 1 FROM articles WHERE tenant_id = $1 AND id = $2`, [
          tenantId,
          articleId,
        ])
      : [];
    if (!article)
      throw new ProblemException(404, 'KNOWLEDGE.ARTICLE_NOT_FOUND', `No article ${articleId}.`);
    const updated: [unknown[], number] | unknown[] = uuid.test(gapId)
      ? await this.dataSource.query(
          `UPDATE content_gaps SET status = 'closed', closed_by_article_id = $3
            WHERE tenant_id = $1 AND id = $2`,
          [tenantId, gapId, articleId],
        )
      : [[], 0];
    if ((updated as [unknown[], number])[1] !== 1)
      throw new ProblemException(404, 'KNOWLEDGE.GAP_NOT_FOUND', `No gap ${gapId}.`);
  }

  /**
   * An erased customer's questions leave their groups; each group's vocabulary and count are
   * rebuilt from what remains, and a group left empty goes.
   */
  async erase(manager: EntityManager, tenantId: string, conversationIds: string[]): Promise<void> {
    const affected: { gap_id: string }[] = await manager.query(
      `SELECT DISTINCT gap_id FROM gap_questions WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
      [tenantId, conversationIds],
    );
    if (affected.length === 0) return;
    await manager.query(
      `DELETE FROM gap_questions WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
      [tenantId, conversationIds],
    );
    for (const { gap_id: gapId } of affected) {
      const remaining: { text: string }[] = await manager.query(
        `SELECT text FROM gap_questions WHERE gap_id = $1`,
        [gapId],
      );
      if (remaining.length === 0) {
        await manager.query(`DELETE FROM content_gaps WHERE id = $1`, [gapId]);
        continue;
      }
      let termCounts: Record<string, number> = {};
      for (const { text } of remaining) termCounts = addTerms(termCounts, terms(text));
      await manager.query(
        `UPDATE content_gaps SET term_counts = $2, signature = $3, occurrences = $4 WHERE id = $1`,
        [gapId, JSON.stringify(termCounts), signatureOf(termCounts), remaining.length],
      );
    }
  }

  private async insertQuestion(
    manager: EntityManager,
    row: {
      messageId: string;
      gapId: string;
      tenantId: string;
      conversationId: string;
      text: string;
      reason: string;
      confidence: number;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO gap_questions (message_id, gap_id, tenant_id, conversation_id, text, reason, confidence, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.messageId,
        row.gapId,
        row.tenantId,
        row.conversationId,
        row.text,
        row.reason,
        row.confidence,
        row.at,
      ],
    );
  }
}
