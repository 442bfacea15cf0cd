import { eventually, uniqueId } from '@tandem/testing';
import type { KpiResponse } from '../apps/agent-desk/src/kpi/kpi.schemas';
import type { UsageResponse } from '../apps/agent-desk/src/usage/usage.schemas';
import { PlatformUnderTest } from '../scripts/harness/platform';

const day = (offset: number): string =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The desk's KPI projection and usage through the running apps: a conversation the bot
 * answers and one a person takes and resolves show up in GET /v1/kpis and GET /v1/usage
 * (which asks the running bot for its tokens), behind the right roles.
 */
describe('desk KPIs and usage', () => {
  const platform = new PlatformUnderTest();
  // Yesterday to tomorrow, so a run across midnight UTC still sees today's conversations.
  const period = `from=${day(-1)}&to=${day(1)}`;
  let agentId = '';

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it('a contained conversation and one a person resolved give the day’s figures', async () => {
    const answered = await platform.customerSays(
      uniqueId('customer-'),
      'When will my card arrive?',
    );
    const { conversationId: contained } = (await answered.json()) as { conversationId: string };
    await eventually(() => expect(platform.eventsOf('bot.replied', contained)).toHaveLength(1));

    const asked = await platform.customerSays(uniqueId('customer-'), 'talk to a human please');
    const { conversationId } = (await asked.json()) as { conversationId: string };
    const taken = await platform.agentTakes('alice@demo.test', conversationId);
    const agentToken = taken.token;
    agentId = taken.agentId;
    await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/messages`,
      agentToken,
      {
        text: 'Hello, I can help.',
      },
    );
    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/resolve`,
      agentToken,
      { wrapUpCode: 'done', note: 'Helped.' },
    );
    expect(resolved.status).toBe(200);

    const supervisor = platform.tokenAs('supervisor');
    const group = await eventually(
      async () => {
        const { status, body } = await platform.call<KpiResponse>(
          'agent-desk',
          'GET',
          `/v1/kpis?${period}`,
          supervisor,
        );
        expect(status).toBe(200);
        expect(body.groups[0]?.handleSeconds.count).toBe(1);
        return body.groups[0]!;
      },
      { timeoutMs: 30_000 },
    );
    expect(group).toMatchObject({
      key: null,
      conversations: 2,
      botContainment: { contained: 1, rate: 0.5 },
      escalations: { count: 1, rate: 0.5 },
      waitSeconds: { count: 1 },
      firstReplySeconds: { count: 1 },
      firstContactResolution: { resolved: 1, firstContact: 1, rate: 1 },
      sla: { judged: 1, met: 1, rate: 1 },
      abandonment: { queued: 1, abandoned: 0, rate: 0 },
      transfers: 0,
    });
    expect(group.escalations.byReason.map((reason) => reason.reason)).toContain('EXPLICIT_REQUEST');

    const byAgent = await platform.call<KpiResponse>(
      'agent-desk',
      'GET',
      `/v1/kpis?${period}&groupBy=agent`,
      supervisor,
    );
    expect(byAgent.body.groups.map((g) => [g.key, g.conversations])).toEqual([[agentId, 1]]);
  });

  it('usage for the admin, with the running bot’s token count', async () => {
    const usage = await platform.call<UsageResponse>(
      'agent-desk',
      'GET',
      `/v1/usage?${period}`,
      platform.tokenAs('admin'),
    );
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({
      activeSeats: 1,
      conversations: 2,
      humanHandledConversations: 1,
      modelTokensAvailable: true,
      modelTokensProblem: null,
    });
    expect(usage.body.botAnswers).toBeGreaterThanOrEqual(1);
    // The local provider spends no tokens.
    expect(usage.body.modelTokens).toMatchObject({ totalTokens: 0 });
  });

  it('KPIs are for supervisors, usage for admins; bad queries have stable codes', async () => {
    const kpisAsAgent = await platform.call<{ code: string }>(
      'agent-desk',
      'GET',
      `/v1/kpis?${period}`,
      platform.tokenAs('agent'),
    );
    expect([kpisAsAgent.status, kpisAsAgent.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const usageAsSupervisor = await platform.call<{ code: string }>(
      'agent-desk',
      'GET',
      `/v1/usage?${period}`,
      platform.tokenAs('supervisor'),
    );
    expect([usageAsSupervisor.status, usageAsSupervisor.body.code]).toEqual([
      403,
      'AUTH.FORBIDDEN',
    ]);
    const supervisor = platform.tokenAs('supervisor');
    for (const [path, code] of [
      [`/v1/kpis?from=yesterday&to=${day(0)}`, 'DESK.INVALID_KPI_QUERY'],
      [`/v1/kpis?${period}&groupBy=week`, 'DESK.INVALID_KPI_QUERY'],
      [`/v1/kpis?from=${day(1)}&to=${day(-1)}`, 'DESK.INVALID_KPI_RANGE'],
    ] as const) {
      const refused = await platform.call<{ code: string }>('agent-desk', 'GET', path, supervisor);
      expect([refused.status, refused.body.code]).toEqual([400, code]);
    }
    const admin = platform.tokenAs('admin');
    const backwards = await platform.call<{ code: string }>(
      'agent-desk',
      'GET',
      `/v1/usage?from=${day(1)}&to=${day(-1)}`,
      admin,
    );
    expect([backwards.status, backwards.body.code]).toEqual([400, 'DESK.INVALID_USAGE_RANGE']);
  });
});
