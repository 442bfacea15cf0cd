import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createEvent,
  deterministicUuid,
  SIGNATURE_HEADER,
  surveyAnswerSchema,
  verifySignature,
  type EventEnvelope,
  type SurveyAnswerResult,
} from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import type { Channel } from '../channels/channel.entity';
import { ChannelsService } from '../channels/channels.service';
import type { GatewayConfig } from '../config';
import type { InboundMessage } from '../channels/adapters/channel-adapter';
import { ConversationsService } from '../conversations/conversations.service';
import type { ErasureParticipant } from '../privacy/erasure.service';
import { parseSurveyAnswer, startsWithDigit, SURVEY_SCALE } from './parse-survey-answer';
import { PendingSurvey } from './pending-survey.entity';

/** How long after the question the customer's next message may still be the answer. */
export const SURVEY_ANSWER_WINDOW_MS = 24 * 3_600_000;

export type SurveySource = 'webchat' | 'message' | 'api';

export interface SurveyAnswer {
  score: number;
  comment: string | null;
}

/** What became of an answer: taken, or ignored because the survey was answered already. */
export type AnswerOutcome = 'accepted' | 'duplicate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The customer's side of CSAT and NPS surveys: which surveys wait for an answer from whom,
 * and the answer, from the web chat, a text message or the adapter's API, as
 * `survey.answered` through the outbox. The first answer wins; later ones are ignored.
 */
@Injectable()
export class SurveysService implements ErasureParticipant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: ConversationsService,
    private readonly channels: ChannelsService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Remembers a requested survey for the customer's identity on the conversation's channel,
   * before the question goes out (an answer may come back at once). Idempotent.
   */
  async open(event: EventEnvelope<'survey.requested'>): Promise<void> {
    const conversation = await this.conversations.find(event.tenantId, event.aggregateId);
    if (!conversation) return;
    const requestedAt = new Date(event.occurredAt);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PendingSurvey)
      .values({
        id: event.payload.surveyId,
        tenantId: event.tenantId,
        conversationId: conversation.id,
        customerId: conversation.customerId,
        channelId: conversation.channelId,
        externalId: conversation.externalId,
        kind: event.payload.kind,
        language: event.payload.language,
        agentId: event.payload.agentId,
        requestedAt,
        expiresAt: new Date(requestedAt.getTime() + SURVEY_ANSWER_WINDOW_MS),
        status: 'pending',
        score: null,
        source: null,
        answeredAt: null,
        answerMessageId: null,
      })
      .orIgnore()
      .execute();
  }

  /** The survey a web chat visitor has yet to answer (shown again when they reconnect). */
  async openFor(channelId: string, externalId: string, now: Date): Promise<PendingSurvey | null> {
    return this.dataSource
      .getRepository(PendingSurvey)
      .createQueryBuilder('survey')
      .where('survey.channelId = :channelId AND survey.externalId = :externalId', {
        channelId,
        externalId,
      })
      .andWhere(`survey.status = 'pending' AND survey.expiresAt > :now`, { now })
      .orderBy('survey.requestedAt', 'DESC')
      .getOne();
  }

  async find(surveyId: string): Promise<PendingSurvey | null> {
    if (!UUID.test(surveyId)) return null;
    return this.dataSource.getRepository(PendingSurvey).findOneBy({ id: surveyId.toLowerCase() });
  }

  /**
   * A customer's message on a text channel that answers their open survey ("5 很好"): taken
   * as the answer (source `message`) instead of a message. Null when it is a normal message:
   * no survey waits for this customer, the text does not start with a number in the
   * survey's range, or it carries an action or attachments.
   */
  async answerFromMessage(
    channel: Channel,
    message: InboundMessage,
    messageId: string,
    now: Date,
  ): Promise<{ outcome: AnswerOutcome; survey: PendingSurvey } | null> {
    if (message.action || message.attachments.length > 0 || !startsWithDigit(message.text))
      return null;
    const survey = await this.dataSource
      .getRepository(PendingSurvey)
      .createQueryBuilder('survey')
      .where('survey.channelId = :channelId AND survey.externalId = :externalId', {
        channelId: channel.id,
        externalId: message.externalId,
      })
      .andWhere(
        `((survey.status = 'pending' AND survey.expiresAt > :now) OR survey.answerMessageId = :messageId)`,
        { now, messageId },
      )
      .orderBy('survey.requestedAt', 'DESC')
      .getOne();
    if (!survey) return null;
    // The same message again (its webhook redelivered after the answer was stored).
    if (survey.answerMessageId === messageId) return { outcome: 'duplicate', survey };
    const answer = parseSurveyAnswer(message.text, survey.kind);
    if (!answer) return null;
    const taken = await this.record(survey, answer, 'message', messageId, now);
    if (taken) return { outcome: 'accepted', survey };
    // Answered meanwhile another way: this message is a message after all.
    return null;
  }

  /**
   * An answer given as such (web chat, the adapter's API): checked against the survey's
   * scale and window. An answer to an answered survey is ignored ('duplicate').
   */
  async answer(
    survey: PendingSurvey,
    answer: SurveyAnswer,
    source: Exclude<SurveySource, 'message'>,
    now: Date,
  ): Promise<AnswerOutcome> {
    const scale = SURVEY_SCALE[survey.kind];
    if (answer.score < scale.min || answer.score > scale.max)
      throw new ProblemException(
        400,
        'GATEWAY.SCORE_OUT_OF_RANGE',
        `A ${survey.kind} survey takes a score from ${scale.min} to ${scale.max}.`,
      );
    if (survey.status === 'answered') return 'duplicate';
    if (survey.expiresAt.getTime() <= now.getTime())
      throw new ProblemException(
        409,
        'GATEWAY.SURVEY_EXPIRED',
        'The survey is closed: answers are taken for 24 hours after the question.',
      );
    return (await this.record(survey, answer, source, null, now)) ? 'accepted' : 'duplicate';
  }

  /**
   * An adapter's answer (POST /v1/surveys/{surveyId}/answer), signed with the secret of the
   * survey's channel exactly like that channel's webhook.
   */
  async answerFromAdapter(
    surveyId: string,
    request: { contentType: string | undefined; signature: string | undefined; rawBody: Buffer },
    now: Date = new Date(),
  ): Promise<SurveyAnswerResult> {
    const survey = await this.find(surveyId);
    if (!survey)
      throw new ProblemException(404, 'GATEWAY.SURVEY_NOT_FOUND', `No survey ${surveyId}.`);
    const channel = await this.channels.getForWebhook(survey.channelId);
    if (!/^application\/(.+\+)?json\b/i.test(request.contentType ?? ''))
      throw new ProblemException(
        415,
        'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
        'Send the answer as application/json.',
      );
    const check = verifySignature(
      channel.secret,
      request.rawBody,
      request.signature,
      Math.floor(now.getTime() / 1000),
      this.config.WEBHOOK_MAX_SKEW_SECONDS,
    );
    if (!check.ok)
      throw check.code === 'STALE'
        ? new ProblemException(
            401,
            'GATEWAY.STALE_SIGNATURE',
            `The signature timestamp is more than ${this.config.WEBHOOK_MAX_SKEW_SECONDS} s from now; sign again when retrying.`,
          )
        : new ProblemException(
            401,
            'GATEWAY.BAD_SIGNATURE',
            `The ${SIGNATURE_HEADER} header is ${check.code.toLowerCase()}.`,
          );
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch (error) {
      throw new ProblemException(400, 'REQUEST.MALFORMED_JSON', (error as Error).message);
    }
    const parsed = surveyAnswerSchema.safeParse(body);
    if (!parsed.success || parsed.data.surveyId.toLowerCase() !== survey.id)
      throw new ProblemException(
        400,
        'GATEWAY.INVALID_SURVEY_ANSWER',
        parsed.success
          ? 'The body names another survey than the path.'
          : `The answer does not match its schema: ${parsed.error.issues
              .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
              .join('; ')}.`,
      );
    const { score, comment } = parsed.data;
    const status = await this.answer(survey, { score, comment: comment || null }, 'api', now);
    return { surveyId: survey.id, status };
  }

  /** Deletes an erased customer's surveys (they name the customer's channel identity). */
  async eraseCustomers(tenantId: string, customerIds: string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM surveys WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, customerIds],
    );
  }

  /** Marks the survey answered and emits the answer, in one transaction; false if it was answered already. */
  private async record(
    survey: PendingSurvey,
    answer: SurveyAnswer,
    source: SurveySource,
    messageId: string | null,
    now: Date,
  ): Promise<boolean> {
    return this.unitOfWork.run(async (tx) => {
      const [rows]: [unknown[], number] = await tx.manager.query(
        `UPDATE surveys
            SET status = 'answered', score = $2, source = $3, answered_at = $4, answer_message_id = $5
          WHERE id = $1 AND status = 'pending'
        RETURNING id`,
        [survey.id, answer.score, source, now, messageId],
      );
      if (rows.length === 0) return false;
      tx.emit(
        createEvent('survey.answered', {
          // One answer per survey: a retry after a crash is the same event.
          id: deterministicUuid('survey.answered', survey.id),
          tenantId: survey.tenantId,
          aggregateId: survey.conversationId,
          customerId: survey.customerId,
          ...(messageId ? { correlationId: messageId } : {}),
          occurredAt: now,
          payload: {
            surveyId: survey.id,
            kind: survey.kind,
            score: answer.score,
            comment: answer.comment,
            source,
            agentId: survey.agentId,
          },
        }),
      );
      this.logger.info(
        {
          tenantId: survey.tenantId,
          conversationId: survey.conversationId,
          surveyId: survey.id,
          source,
        },
        'survey answered',
      );
      return true;
    });
  }
}
