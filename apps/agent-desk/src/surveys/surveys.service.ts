import { Inject, Injectable } from '@nestjs/common';
import { Between, DataSource, IsNull, Not } from 'typeorm';
import { createEvent, deterministicUuid, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { LOGGER, ProblemException } from '@tandem/platform';
import { DeskConversation } from '../conversations/desk-conversation.entity';
import { SettingsService } from '../settings/settings.service';
import { surveyFigures, surveyKindFor } from './survey-figures';
import type {
  AgentCsat,
  AgentCsatQuery,
  SurveyList,
  SurveysQuery,
  SurveyView,
} from './survey-schemas';
import { Survey } from './survey.entity';

export const SURVEYS_CONSUMER = 'agent-desk-surveys';

const DAY_MS = 86_400_000;

/**
 * CSAT and NPS after a person resolved a conversation: the desk asks (survey.requested, the
 * gateway delivers the question) and keeps the first answer (survey.answered) for the agent
 * and their supervisors. A projection of the log with its own consumer group.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: SettingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A person resolved: ask the tenant's survey, in the customer's language, for that agent. */
  async resolved(event: EventEnvelope<'conversation.resolved'>): Promise<void> {
    const kind = surveyKindFor((await this.settings.of(event.tenantId)).surveys);
    await this.unitOfWork.handleOnce(SURVEYS_CONSUMER, event, async (tx) => {
      if (!kind) return;
      const conversation = await tx.manager.findOneBy(DeskConversation, {
        id: event.aggregateId,
        tenantId: event.tenantId,
      });
      if (!conversation) {
        this.logger.warn(
          { tenantId: event.tenantId, conversationId: event.aggregateId },
          'resolved conversation unknown to the desk; no survey',
        );
        return;
      }
      const { customerId, language } = conversation.handoff;
      // One survey per resolution: a reopened and resolved again conversation is asked again.
      const surveyId = deterministicUuid('desk.survey', event.id);
      const requested = createEvent('survey.requested', {
        id: deterministicUuid('survey.requested', surveyId),
        tenantId: event.tenantId,
        aggregateId: event.aggregateId,
        customerId,
        cause: event,
        payload: { surveyId, kind, agentId: event.payload.agentId, language },
      });
      await tx.manager.insert(Survey, {
        id: surveyId,
        tenantId: event.tenantId,
        conversationId: event.aggregateId,
        agentId: event.payload.agentId,
        customerId,
        kind,
        language,
        requestedAt: new Date(requested.occurredAt),
        score: null,
        comment: null,
        source: null,
        answeredAt: null,
      });
      tx.emit(requested);
    });
  }

  /** The first answer wins; a later one (another channel, a second message) is ignored. */
  async answered(event: EventEnvelope<'survey.answered'>): Promise<void> {
    await this.unitOfWork.handleOnce(SURVEYS_CONSUMER, event, async (tx) => {
      const { surveyId, score, comment, source } = event.payload;
      const result: [unknown[], number] = await tx.manager.query(
        `UPDATE surveys SET score = $3, comment = $4, source = $5, answered_at = $6
          WHERE tenant_id = $1 AND id = $2 AND answered_at IS NULL`,
        [event.tenantId, surveyId, score, comment, source, new Date(event.occurredAt)],
      );
      if (result[1] === 0)
        this.logger.info(
          { tenantId: event.tenantId, conversationId: event.aggregateId, surveyId },
          'survey answer ignored: unknown survey or already answered',
        );
    });
  }

  /** An erased customer's comments go; the scores stay (they say nothing about the person). */
  async erase(event: EventEnvelope<'customer.erased'>): Promise<void> {
    await this.unitOfWork.handleOnce(SURVEYS_CONSUMER, event, async (tx) => {
      const customerIds = [event.payload.customerId, ...event.payload.mergedCustomerIds];
      await tx.manager.query(
        `UPDATE surveys SET comment = NULL
          WHERE tenant_id = $1 AND (customer_id = ANY($2) OR conversation_id = ANY($3))`,
        [event.tenantId, customerIds, event.payload.conversationIds],
      );
    });
  }

  /** The latest survey of a conversation the caller may see (its agent, or a supervisor). */
  async ofConversation(principal: Principal, conversationId: string): Promise<SurveyView> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    if (
      !conversation ||
      (principal.role === 'agent' && conversation.agentId !== principal.subject)
    ) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    }
    const survey = await this.dataSource.getRepository(Survey).findOne({
      where: { tenantId: principal.tenantId, conversationId },
      order: { requestedAt: 'DESC' },
    });
    if (!survey)
      throw new ProblemException(
        404,
        'DESK.SURVEY_NOT_FOUND',
        `No survey was asked for conversation ${conversationId}.`,
      );
    return toSurveyView(survey);
  }

  /** The caller's own ratings: figures over the window and the latest answers. */
  async ofAgent(principal: Principal, query: AgentCsatQuery, now = new Date()): Promise<AgentCsat> {
    const since = new Date(now.getTime() - query.days * DAY_MS);
    const repository = this.dataSource.getRepository(Survey);
    const answered = { tenantId: principal.tenantId, agentId: principal.subject };
    const [scores, recent] = await Promise.all([
      repository.find({
        select: { kind: true, score: true },
        where: { ...answered, answeredAt: Between(since, now) },
      }),
      repository.find({
        where: { ...answered, answeredAt: Not(IsNull()) },
        order: { answeredAt: 'DESC' },
        take: query.limit,
      }),
    ]);
    return {
      agentId: principal.subject,
      since: since.toISOString(),
      ...surveyFigures(scores.map(({ kind, score }) => ({ kind, score: score! }))),
      recent: recent.map(toSurveyView),
    };
  }

  /** For supervisors: the tenant's surveys asked in a window, optionally for one agent. */
  async list(principal: Principal, query: SurveysQuery, now = new Date()): Promise<SurveyList> {
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    const params: unknown[] = [principal.tenantId, from, to];
    let agentFilter = '';
    if (query.agentId) {
      params.push(query.agentId);
      agentFilter = `AND agent_id = $${params.length}`;
    }
    const where = `tenant_id = $1 AND requested_at >= $2 AND requested_at < $3 ${agentFilter}`;
    const [answers, counts, rows] = await Promise.all([
      this.dataSource.query<{ kind: 'csat' | 'nps'; score: number }[]>(
        `SELECT kind, score FROM surveys WHERE ${where} AND answered_at IS NOT NULL`,
        params,
      ),
      this.dataSource.query<{ requested: string; answered: string }[]>(
        `SELECT count(*) AS requested, count(answered_at) AS answered FROM surveys WHERE ${where}`,
        params,
      ),
      this.dataSource
        .getRepository(Survey)
        .createQueryBuilder('survey')
        .where('survey.tenantId = :tenantId', { tenantId: principal.tenantId })
        .andWhere('survey.requestedAt >= :from AND survey.requestedAt < :to', { from, to })
        .andWhere(query.agentId ? 'survey.agentId = :agentId' : 'TRUE', {
          agentId: query.agentId,
        })
        .orderBy('survey.requestedAt', 'DESC')
        .take(query.limit)
        .getMany(),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      requested: Number(counts[0]?.requested ?? 0),
      answered: Number(counts[0]?.answered ?? 0),
      ...surveyFigures(answers),
      surveys: rows.map(toSurveyView),
    };
  }
}

export function toSurveyView(survey: Survey): SurveyView {
  return {
    id: survey.id,
    conversationId: survey.conversationId,
    kind: survey.kind,
    agentId: survey.agentId,
    language: survey.language,
    requestedAt: survey.requestedAt.toISOString(),
    status: survey.answeredAt ? 'answered' : 'pending',
    score: survey.score,
    comment: survey.comment,
    source: survey.source,
    answeredAt: survey.answeredAt?.toISOString() ?? null,
  };
}
