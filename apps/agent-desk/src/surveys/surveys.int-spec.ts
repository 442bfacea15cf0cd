import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEvent, type AnyEvent, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { createLogger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { dropTestDatabase, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { PRIORITY_RANK, DeskConversation } from '../conversations/desk-conversation.entity';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { deskSettingsSchema } from '../settings/desk-settings';
import { SettingsService } from '../settings/settings.service';
import { SurveysService } from './surveys.service';

/** Asking, keeping the first answer, erasing and reading surveys, on the real Postgres. */
describe('SurveysService', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let surveys: SurveysService;
  let settings: SettingsService;
  // Agents belong to a tenant of their own here; each test's conversations use a fresh tenant id.
  let agentId = '';
  let otherAgentId = '';

  const principal = (tenantId: string, role: Principal['role'], subject = agentId): Principal =>
    ({ tenantId, role, subject, name: role }) as Principal;

  async function resolvedConversation(
    tenantId: string,
    options: { language?: 'zh' | 'en'; agent?: string } = {},
  ): Promise<{
    conversationId: string;
    customerId: string;
    resolved: EventEnvelope<'conversation.resolved'>;
  }> {
    const conversationId = randomUUID();
    const customerId = randomUUID();
    const agent = options.agent ?? agentId;
    await dataSource.getRepository(DeskConversation).save({
      id: conversationId,
      tenantId,
      status: 'resolved',
      queue: 'general',
      priority: 'normal',
      priorityRank: PRIORITY_RANK.normal,
      skills: [],
      agentId: agent,
      passedBy: [],
      handoff: {
        summary: '',
        reasons: [],
        transcript: [],
        customerId,
        channel: { id: randomUUID(), type: 'sms' },
        lastSentiment: null,
        language: options.language ?? 'zh',
      },
      queuedAt: new Date(),
      assignedAt: new Date(),
      resolvedAt: new Date(),
      wrapUpCode: 'done',
    });
    const resolved = createEvent('conversation.resolved', {
      tenantId,
      aggregateId: conversationId,
      customerId,
      payload: { agentId: agent, wrapUpCode: 'done', note: '' },
    });
    await surveys.resolved(resolved);
    return { conversationId, customerId, resolved };
  }

  async function outbox(conversationId: string): Promise<AnyEvent[]> {
    const rows = await dataSource.query<{ event: AnyEvent }[]>(
      `SELECT event FROM outbox WHERE event->>'aggregateId' = $1 ORDER BY seq`,
      [conversationId],
    );
    return rows.map((row) => row.event);
  }

  function answer(
    tenantId: string,
    conversationId: string,
    surveyId: string,
    score: number,
    comment: string | null,
    kind: 'csat' | 'nps' = 'csat',
  ) {
    return createEvent('survey.answered', {
      tenantId,
      aggregateId: conversationId,
      customerId: randomUUID(),
      payload: { surveyId, kind, score, comment, source: 'message' },
    });
  }

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    const home = uniqueId('t');
    await dataSource.getRepository(Tenant).save({ id: home, name: 'Surveys' });
    const agent = async (): Promise<string> =>
      (
        await dataSource.getRepository(Agent).save({
          tenantId: home,
          email: `${uniqueId('a')}@desk.test`,
          name: 'Agent',
          role: 'agent',
          passwordHash: 'unused',
          skills: {},
          languages: [],
          capacity: { chat: 5 },
          active: true,
          busyState: null,
          teamId: null,
          presence: 'offline',
          presenceAt: new Date(),
          lastOfferedAt: null,
        })
      ).id;
    agentId = await agent();
    otherAgentId = await agent();
    settings = new SettingsService(dataSource);
    surveys = new SurveysService(
      dataSource,
      new UnitOfWork(dataSource, DESK_SCHEMA, null),
      settings,
      createLogger('surveys-int', 'silent'),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('asks CSAT by default, in the handoff language, for the resolving agent, with the customer on the envelope', async () => {
    const tenantId = uniqueId('t');
    const { conversationId, customerId } = await resolvedConversation(tenantId);
    const [requested] = await outbox(conversationId);
    expect(requested).toMatchObject({
      type: 'survey.requested',
      customerId,
      payload: { kind: 'csat', agentId, language: 'zh' },
    });
    const view = await surveys.ofConversation(principal(tenantId, 'agent'), conversationId);
    expect(view).toMatchObject({
      id: (requested!.payload as { surveyId: string }).surveyId,
      status: 'pending',
      kind: 'csat',
      score: null,
    });
  });

  it.each([
    ['NPS instead of CSAT', { surveys: { csat: true, nps: true } }, 'nps'],
    ['no survey when both are off', { surveys: { csat: false, nps: false } }, null],
  ] as const)('follows the tenant settings: %s', async (_name, document, kind) => {
    const tenantId = uniqueId('t');
    await settings.write(principal(tenantId, 'admin'), deskSettingsSchema.parse(document));
    const { conversationId } = await resolvedConversation(tenantId, { language: 'en' });
    const events = await outbox(conversationId);
    expect(events.map((event) => (event.payload as { kind?: string }).kind)).toEqual(
      kind ? [kind] : [],
    );
  });

  it('keeps the first answer and ignores a later one; a redelivered resolution asks once', async () => {
    const tenantId = uniqueId('t');
    const { conversationId, resolved } = await resolvedConversation(tenantId);
    await surveys.resolved(resolved);
    expect(await outbox(conversationId)).toHaveLength(1);
    const { surveyId } = (await outbox(conversationId))[0]!.payload as { surveyId: string };
    await surveys.answered(answer(tenantId, conversationId, surveyId, 4, '挺好'));
    await surveys.answered(answer(tenantId, conversationId, surveyId, 1, 'changed my mind'));
    const view = await surveys.ofConversation(principal(tenantId, 'supervisor'), conversationId);
    expect(view).toMatchObject({
      status: 'answered',
      score: 4,
      comment: '挺好',
      source: 'message',
    });
  });

  it('shows a conversation’s survey to its agent and supervisors only', async () => {
    const tenantId = uniqueId('t');
    const { conversationId } = await resolvedConversation(tenantId);
    await expect(
      surveys.ofConversation(principal(tenantId, 'agent', otherAgentId), conversationId),
    ).rejects.toMatchObject({ code: 'DESK.CONVERSATION_NOT_FOUND' });
    await expect(
      surveys.ofConversation(principal(uniqueId('t'), 'supervisor'), conversationId),
    ).rejects.toBeInstanceOf(ProblemException);
    await expect(
      surveys.ofConversation(principal(tenantId, 'supervisor'), conversationId),
    ).resolves.toMatchObject({ conversationId });
  });

  it('gives the agent their own figures and latest ratings, and supervisors the tenant’s', async () => {
    const tenantId = uniqueId('t');
    const scores = [5, 4, 2];
    for (const [index, score] of scores.entries()) {
      const { conversationId } = await resolvedConversation(tenantId);
      const { surveyId } = (await outbox(conversationId))[0]!.payload as { surveyId: string };
      await surveys.answered(answer(tenantId, conversationId, surveyId, score, `c${index}`));
    }
    // Another agent's rating and one unanswered survey.
    const other = await resolvedConversation(tenantId, { agent: otherAgentId });
    const otherSurvey = (await outbox(other.conversationId))[0]!.payload as { surveyId: string };
    await surveys.answered(answer(tenantId, other.conversationId, otherSurvey.surveyId, 1, null));
    await resolvedConversation(tenantId);

    const mine = await surveys.ofAgent(principal(tenantId, 'agent'), { days: 30, limit: 2 });
    expect(mine.csat).toEqual({ count: 3, average: 3.67, satisfiedShare: 0.67 });
    expect(mine.recent.map((survey) => survey.comment)).toEqual(['c2', 'c1']);

    const tenant = await surveys.list(principal(tenantId, 'supervisor'), { limit: 100 });
    expect(tenant).toMatchObject({ requested: 5, answered: 4, csat: { count: 4, average: 3 } });
    const theirs = await surveys.list(principal(tenantId, 'supervisor'), {
      agentId: otherAgentId,
      limit: 100,
    });
    expect(theirs).toMatchObject({ requested: 1, answered: 1, csat: { average: 1 } });
    const before = await surveys.list(principal(tenantId, 'supervisor'), {
      to: new Date(Date.now() - 3_600_000).toISOString(),
      limit: 100,
    });
    expect(before.requested).toBe(0);
  });

  it('erases the comments of an erased customer and keeps the score', async () => {
    const tenantId = uniqueId('t');
    const { conversationId, customerId } = await resolvedConversation(tenantId);
    const { surveyId } = (await outbox(conversationId))[0]!.payload as { surveyId: string };
    await surveys.answered(answer(tenantId, conversationId, surveyId, 5, '张三 13800138000'));
    await surveys.erase(
      createEvent('customer.erased', {
        tenantId,
        aggregateId: customerId,
        payload: {
          customerId,
          mergedCustomerIds: [],
          conversationIds: [conversationId],
          reason: 'request',
          erasedAt: new Date().toISOString(),
        },
      }),
    );
    const view = await surveys.ofConversation(principal(tenantId, 'supervisor'), conversationId);
    expect(view).toMatchObject({ score: 5, comment: null });
  });
});
