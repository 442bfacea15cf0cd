import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { TokenService } from '@tandem/auth';
import {
  createEvent,
  type AnyEvent,
  type EscalationReasonCode,
  type EventType,
  type PayloadOf,
} from '@tandem/contracts';
import {
  ConsumerRunner,
  createKafka,
  ensureTopics,
  EventPublisher,
  type CustomerKeyring,
} from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException, ServiceClient } from '@tandem/platform';
import { dropTestDatabase, eventually, stackEnv, uniqueId } from '@tandem/testing';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { SettingsService } from '../settings/settings.service';
import { BotUsage } from '../usage/bot-usage';
import { UsageService } from '../usage/usage.service';
import { KpiConsumer } from './kpi.consumer';
import { KpiProjection, type KpiEvent } from './kpi.projection';
import type { KpiQuery, KpiResponse } from './kpi.schemas';
import { KpiService } from './kpi.service';

const logger = createLogger('kpi-int', 'silent');
const kafka = createKafka({
  brokers: stackEnv().KAFKA_BROKERS.split(','),
  clientId: 'kpi-int',
  logger,
});

/** Customers' keys for this test: the publisher seals personal fields, the consumer opens them. */
function memoryKeyring(): CustomerKeyring {
  const keys = new Map<string, Buffer>();
  return {
    keyFor: async (tenantId, customerId) => {
      const id = `${tenantId}/${customerId}`;
      if (!keys.has(id)) keys.set(id, randomBytes(32));
      return keys.get(id)!;
    },
    forget: () => undefined,
  };
}

const DAY = '2026-11-30';
const at = (time: string, day = DAY): Date => new Date(`${day}T${time}Z`);

/**
 * A scripted day of one tenant's conversations, as the gateway, bot, router and desk would
 * write them on the log (every id fresh, so it can be played again for another tenant).
 */
function scriptedDay(tenantId: string): AnyEvent[] {
  const events: AnyEvent[] = [];
  const add = <T extends EventType>(
    type: T,
    aggregateId: string,
    time: Date,
    payload: PayloadOf<T>,
  ): void => {
    const customerId = type === 'agent.presence_changed' ? null : `cust-${aggregateId}`;
    events.push(
      createEvent(type, {
        tenantId,
        aggregateId,
        occurredAt: time,
        customerId,
        payload,
      }) as AnyEvent,
    );
  };
  const message = (c: string, time: Date, channel: 'webchat' | 'sms' | 'wechat' = 'webchat') =>
    add('message.received', c, time, {
      messageId: randomUUID(),
      channel: { id: 'ch1', type: channel },
      channelMessageId: randomUUID(),
      customer: { id: `cust-${c}` },
      text: 'hello',
      attachments: [],
      receivedAt: time.toISOString(),
    });
  const botReply = (c: string, time: Date, kind: 'answer' | 'notice' = 'answer') =>
    add('bot.replied', c, time, {
      replyId: randomUUID(),
      inReplyTo: 'm',
      text: 'an answer',
      language: 'en',
      confidence: 0.9,
      sources: [],
      provider: 'local',
      kind,
    });
  const escalate = (c: string, time: Date, queue: string, codes: EscalationReasonCode[]) =>
    add('escalation.decided', c, time, {
      decisionId: randomUUID(),
      triggeredBy: 'm',
      reasons: codes.map((code) => ({ code, detail: code })),
      priority: 'normal',
      skills: [],
      queue,
      policyVersion: 1,
      handoff: {
        summary: 'summary',
        transcript: [],
        customerId: `cust-${c}`,
        channel: { id: 'ch1', type: 'webchat' },
        lastSentiment: null,
        language: 'en',
      },
    });
  const queued = (c: string, time: Date, queue: string, slaSeconds?: number) =>
    add('conversation.queued', c, time, {
      queue,
      priority: 'normal',
      ...(slaSeconds !== undefined ? { slaSeconds } : {}),
    });
  const assigned = (c: string, time: Date, agentId: string) =>
    add('conversation.assigned', c, time, { offerId: randomUUID(), agentId, agentName: agentId });
  const agentReply = (c: string, time: Date, agentId: string) =>
    add('agent.replied', c, time, { replyId: randomUUID(), agentId, text: 'hi' });
  const resolved = (c: string, time: Date, agentId: string) =>
    add('conversation.resolved', c, time, { agentId, wrapUpCode: 'done', note: 'solved' });
  const survey = (c: string, time: Date, kind: 'csat' | 'nps', score: number) =>
    add('survey.answered', c, time, {
      surveyId: randomUUID(),
      kind,
      score,
      comment: 'thanks',
      source: 'webchat',
    });
  const abandoned = (c: string, time: Date, queue: string, waitedSeconds: number) =>
    add('conversation.abandoned', c, time, { queue, waitedSeconds, reason: 'customer_left' });
  const presence = (agentId: string, time: Date, state: 'online' | 'away' | 'busy' | 'offline') =>
    add('agent.presence_changed', agentId, time, {
      agentId,
      presence: state,
      busyState: state === 'busy' ? 'lunch' : null,
      cause: 'agent',
    });
  const id = (name: string) => `${tenantId}-${name}`;
  const [c1, c2, c3, c4, c5, c6, c7, c8, c9] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => id(`c${n}`));

  // Seats: agent-4 from the evening before, agent-1 with a lunch break, agent-2, agent-3 only away.
  presence('agent-4', at('22:00:00', '2026-11-29'), 'online');
  presence('agent-4', at('01:00:00'), 'offline');
  presence('agent-1', at('08:55:00'), 'online');
  presence('agent-1', at('12:30:00'), 'busy');
  presence('agent-1', at('13:00:00'), 'online');
  presence('agent-1', at('17:00:00'), 'offline');
  presence('agent-2', at('09:55:00'), 'online');
  presence('agent-2', at('16:00:00'), 'offline');
  presence('agent-3', at('14:00:00'), 'away');

  // c1: the bot answers twice; never escalated.
  message(c1!, at('09:00:00'));
  botReply(c1!, at('09:00:05'));
  message(c1!, at('09:01:00'));
  botReply(c1!, at('09:01:03'));
  // c2: deferred, escalated to billing (SLA 60 s), waited 30 s, replied at 50 s, handled 300 s, CSAT 5.
  message(c2!, at('09:10:00'), 'sms');
  add('bot.deferred', c2!, at('09:10:02'), {
    inReplyTo: 'm',
    reason: 'LOW_CONFIDENCE',
    confidence: 0.2,
  });
  escalate(c2!, at('09:10:03'), 'billing', ['BOT_DEFERRED', 'LOW_CONFIDENCE']);
  queued(c2!, at('09:10:04'), 'billing', 60);
  botReply(c2!, at('09:10:05'), 'notice');
  assigned(c2!, at('09:10:34'), 'agent-1');
  agentReply(c2!, at('09:10:54'), 'agent-1');
  resolved(c2!, at('09:15:34'), 'agent-1');
  survey(c2!, at('09:16:00'), 'csat', 5);
  // c3: general (no target on the event → 120 s), waited 90 s, replied at 180 s (missed),
  // handled 720 s, CSAT 2 then 3 (the latest counts), reopened and resolved again, NPS 4.
  message(c3!, at('10:00:00'));
  escalate(c3!, at('10:00:01'), 'general', ['EXPLICIT_REQUEST']);
  queued(c3!, at('10:00:02'), 'general');
  assigned(c3!, at('10:01:32'), 'agent-2');
  agentReply(c3!, at('10:03:02'), 'agent-2');
  resolved(c3!, at('10:13:32'), 'agent-2');
  survey(c3!, at('10:14:00'), 'csat', 2);
  survey(c3!, at('10:14:30'), 'csat', 3);
  message(c3!, at('10:20:00'));
  add('conversation.reopened', c3!, at('10:20:01'), {
    previousAgentId: 'agent-2',
    resolvedAt: at('10:13:32').toISOString(),
    messageId: 'm2',
  });
  queued(c3!, at('10:20:02'), 'general');
  assigned(c3!, at('10:21:02'), 'agent-2');
  agentReply(c3!, at('10:21:30'), 'agent-2');
  resolved(c3!, at('10:25:02'), 'agent-2');
  survey(c3!, at('10:26:00'), 'nps', 4);
  // c4: abandoned after 300 s, past its 120 s target (a missed SLA).
  message(c4!, at('11:00:00'));
  escalate(c4!, at('11:00:01'), 'general', ['NEGATIVE_SENTIMENT', 'EXPLICIT_REQUEST']);
  queued(c4!, at('11:00:02'), 'general', 120);
  abandoned(c4!, at('11:05:02'), 'general', 300);
  // c5: abandoned after 30 s, within its 60 s target (not judged).
  message(c5!, at('11:30:00'));
  escalate(c5!, at('11:30:01'), 'billing', ['EXPLICIT_REQUEST']);
  queued(c5!, at('11:30:02'), 'billing', 60);
  abandoned(c5!, at('11:30:32'), 'billing', 30);
  // c6: VIP to billing, agent-1 (waited 10 s, replied at 40 s) transfers to agent-2 who resolves; NPS 9.
  message(c6!, at('12:00:00'), 'wechat');
  escalate(c6!, at('12:00:01'), 'billing', ['VIP']);
  queued(c6!, at('12:00:02'), 'billing', 60);
  assigned(c6!, at('12:00:12'), 'agent-1');
  agentReply(c6!, at('12:00:42'), 'agent-1');
  add('conversation.transferred', c6!, at('12:02:12'), {
    kind: 'transfer',
    fromAgentId: 'agent-1',
    toAgentId: 'agent-2',
    toQueue: 'billing',
    note: 'over to you',
    byId: 'agent-1',
  });
  assigned(c6!, at('12:02:22'), 'agent-2');
  agentReply(c6!, at('12:03:00'), 'agent-2');
  resolved(c6!, at('12:10:12'), 'agent-2');
  survey(c6!, at('12:11:00'), 'nps', 9);
  // c7: the bot defers once, the customer leaves; never escalated (contained).
  message(c7!, at('13:00:00'));
  add('bot.deferred', c7!, at('13:00:01'), {
    inReplyTo: 'm',
    reason: 'LOW_CONFIDENCE',
    confidence: 0.3,
  });
  // c9: still waiting in general at the end of the day (past its target: missed).
  message(c9!, at('23:00:00'));
  escalate(c9!, at('23:00:01'), 'general', ['TOO_MANY_TURNS']);
  queued(c9!, at('23:00:02'), 'general', 120);
  // c8: the next day, the bot answers.
  message(c8!, at('00:30:00', '2026-12-01'));
  botReply(c8!, at('00:30:02', '2026-12-01'));
  return events;
}

/** The figures the scripted day must give, worked out by hand (docs/desk/kpis.md). */
const reason = (code: EscalationReasonCode, count: number, of: number) => ({
  reason: code,
  count,
  rate: Math.round((count / of) * 10_000) / 10_000,
});

const DAY_FIGURES = {
  key: null,
  conversations: 8,
  botContainment: { contained: 2, rate: 0.25 },
  escalations: {
    count: 6,
    rate: 0.75,
    byReason: [
      reason('EXPLICIT_REQUEST', 3, 8),
      reason('BOT_DEFERRED', 1, 8),
      reason('LOW_CONFIDENCE', 1, 8),
      reason('NEGATIVE_SENTIMENT', 1, 8),
      reason('TOO_MANY_TURNS', 1, 8),
      reason('VIP', 1, 8),
    ],
  },
  // Waits 10, 30, 90: p90 = 30 + 0.8 × 60.
  waitSeconds: { count: 3, mean: 43.3, p50: 30, p90: 78 },
  // First replies 40, 50, 180: p90 = 50 + 0.8 × 130.
  firstReplySeconds: { count: 3, mean: 90, p90: 154 },
  handleSeconds: { count: 3, mean: 540 },
  firstContactResolution: { resolved: 3, firstContact: 2, rate: 0.6667 },
  csat: { count: 2, average: 4, satisfiedShare: 0.5 },
  nps: { count: 2, promoters: 1, detractors: 1, score: 0 },
  sla: { judged: 5, met: 2, rate: 0.4 },
  abandonment: { queued: 6, abandoned: 2, rate: 0.3333 },
  transfers: 1,
};

describe('KPI projection from the real log', () => {
  const prefix = uniqueId('kpi-');
  const keyring = memoryKeyring();
  const publisher = new EventPublisher(kafka, { prefix, logger, sendTimeoutMs: 10_000, keyring });
  const tenantId = uniqueId('t');
  const otherTenant = uniqueId('t');
  const now = new Date('2026-12-01T12:00:00.000Z');
  const runners: ConsumerRunner[] = [];
  let databaseUrl = '';
  let dataSource: DataSource;
  let projection: KpiProjection;
  let kpis: KpiService;
  let events: AnyEvent[] = [];
  let bot: Server;
  const botRequests: { url: string; tenantId: string; role: string }[] = [];
  const tokens = new TokenService({ secret: 'k'.repeat(32), issuer: 'tandem' });

  async function project(groupId: string): Promise<void> {
    const consumer = new KpiConsumer(projection, { KPI_CONSUMER_GROUP: groupId });
    const runner = new ConsumerRunner(kafka, {
      groupId: consumer.groupId,
      prefix,
      subscriptions: consumer.subscriptions,
      handlers: consumer.handlers(),
      publisher,
      logger,
      keyring,
      sessionTimeoutMs: 6_000,
    });
    runners.push(runner);
    await runner.start();
    await eventually(
      async () => {
        const [row]: { count: string }[] = await dataSource.query(
          `SELECT count(*) AS count FROM processed_events WHERE consumer = $1`,
          [groupId],
        );
        expect(Number(row!.count)).toBe(events.length);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  const figures = (query: Partial<KpiQuery>, tenant = tenantId): Promise<KpiResponse> =>
    kpis.figures(tenant, { from: DAY, to: DAY, groupBy: 'none', ...query }, now);

  function usageService(botUrl: string): UsageService {
    return new UsageService(
      dataSource,
      new BotUsage(new ServiceClient('agent-desk', tokens), {
        BOT_URL: botUrl,
        BOT_TIMEOUT_MS: 2_000,
      }),
      logger,
    );
  }

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    projection = new KpiProjection(new UnitOfWork(dataSource, DESK_SCHEMA, null));
    kpis = new KpiService(dataSource, new SettingsService(dataSource));
    await ensureTopics(kafka, { prefix, replicationFactor: 1, retentionMs: 3_600_000 });
    await publisher.connect();
    // The bot's GET /v1/usage/model, as it answers a service token.
    bot = createServer((request, response) => {
      const principal = tokens.verify((request.headers.authorization ?? '').slice(7));
      botRequests.push({
        url: request.url ?? '',
        tenantId: principal.tenantId,
        role: principal.role,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          days: [
            {
              day: DAY,
              model: 'gpt-4o-mini',
              promptTokens: 1200,
              completionTokens: 300,
              requests: 4,
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    // Another tenant's conversation the same day must not count.
    events = [...scriptedDay(tenantId), ...scriptedDay(otherTenant).slice(0, 12)];
    await publisher.publish(events);
    await project('agent-desk-kpi');
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await publisher.disconnect();
    await new Promise((resolve) => bot?.close(resolve));
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('gives every figure of the day exactly', async () => {
    expect(await figures({})).toEqual({
      from: DAY,
      to: DAY,
      groupBy: 'none',
      groups: [DAY_FIGURES],
    });
  });

  it('per agent: the conversations each handled, handle time from their own segments', async () => {
    const { groups } = await figures({ groupBy: 'agent' });
    expect(groups.map((group) => group.key)).toEqual(['agent-1', 'agent-2']);
    expect(groups[0]).toMatchObject({
      conversations: 2,
      escalations: { count: 2, rate: 1 },
      waitSeconds: { count: 2, mean: 20, p50: 20, p90: 28 },
      firstReplySeconds: { count: 2, mean: 45, p90: 49 },
      // c2 300 s (resolved), c6 120 s (transferred).
      handleSeconds: { count: 2, mean: 210 },
      firstContactResolution: { resolved: 2, firstContact: 2, rate: 1 },
      csat: { count: 1, average: 5, satisfiedShare: 1 },
      nps: { count: 1, promoters: 1, detractors: 0, score: 100 },
      sla: { judged: 2, met: 2, rate: 1 },
      abandonment: { queued: 2, abandoned: 0, rate: 0 },
      transfers: 1,
    });
    expect(groups[1]).toMatchObject({
      conversations: 2,
      waitSeconds: { count: 2, mean: 50, p50: 50, p90: 82 },
      firstReplySeconds: { count: 2, mean: 110, p90: 166 },
      // c3 720 s and 240 s (after the reopen), c6 470 s.
      handleSeconds: { count: 3, mean: 476.7 },
      firstContactResolution: { resolved: 2, firstContact: 1, rate: 0.5 },
      csat: { count: 1, average: 3, satisfiedShare: 0 },
      nps: { count: 2, promoters: 1, detractors: 1, score: 0 },
      sla: { judged: 2, met: 1, rate: 0.5 },
    });
  });

  it('per queue and per day, and filtered by queue and agent', async () => {
    const byQueue = await figures({ groupBy: 'queue' });
    expect(
      byQueue.groups.map((group) => [
        group.key,
        group.conversations,
        group.botContainment.contained,
        group.sla,
        group.abandonment.abandoned,
      ]),
    ).toEqual([
      ['billing', 3, 0, { judged: 2, met: 2, rate: 1 }, 1],
      ['general', 3, 0, { judged: 3, met: 0, rate: 0 }, 1],
      [null, 2, 2, { judged: 0, met: 0, rate: null }, 0],
    ]);
    const byDay = await figures({ groupBy: 'day', to: '2026-12-01' });
    expect(byDay.groups.map((group) => [group.key, group.conversations])).toEqual([
      [DAY, 8],
      ['2026-12-01', 1],
    ]);
    const filtered = await figures({ queue: 'billing', agentId: 'agent-1' });
    expect(filtered.groups[0]).toMatchObject({ conversations: 2, transfers: 1 });
    expect((await figures({ agentId: 'nobody' })).groups).toEqual([]);
    const oneAgent = await figures({ groupBy: 'agent', agentId: 'agent-2' });
    expect(oneAgent.groups.map((group) => [group.key, group.handleSeconds])).toEqual([
      ['agent-2', { count: 3, mean: 476.7 }],
    ]);
  });

  it('refuses a period backwards or longer than 366 days with a stable code', async () => {
    for (const query of [
      { from: '2026-12-02', to: '2026-12-01' },
      { from: '2025-01-01', to: '2026-12-01' },
    ]) {
      const refused = await figures(query).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ProblemException);
      expect((refused as ProblemException).code).toBe('DESK.INVALID_KPI_RANGE');
    }
  });

  it('usage for billing: seats, peak online, conversations, bot answers and the bot’s tokens', async () => {
    const { port } = bot.address() as AddressInfo;
    expect(
      await usageService(`http://127.0.0.1:${port}`).usage(tenantId, { from: DAY, to: DAY }, now),
    ).toEqual({
      from: DAY,
      to: DAY,
      // agent-4 (online overnight), agent-1, agent-2; agent-3 was only away.
      activeSeats: 3,
      peakConcurrentOnline: 2,
      conversations: 8,
      humanHandledConversations: 3,
      botAnswers: 2,
      modelTokens: {
        promptTokens: 1200,
        completionTokens: 300,
        totalTokens: 1500,
        requests: 4,
        byModel: [{ model: 'gpt-4o-mini', promptTokens: 1200, completionTokens: 300, requests: 4 }],
      },
      modelTokensAvailable: true,
      modelTokensProblem: null,
    });
    expect(botRequests.at(-1)).toEqual({
      url: `/v1/usage/model?from=${DAY}&to=${DAY}`,
      tenantId,
      role: 'service',
    });
  });

  it('usage without the bot: tokens null with the flag, the rest as before', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const usage = await usageService(`http://127.0.0.1:${port}`).usage(
      tenantId,
      { from: DAY, to: '2026-12-01' },
      now,
    );
    expect(usage).toMatchObject({
      conversations: 9,
      botAnswers: 3,
      modelTokens: null,
      modelTokensAvailable: false,
    });
    expect(usage.modelTokensProblem).toMatch(/did not answer/);
  });

  it('an event delivered again changes nothing', async () => {
    const before = await figures({ groupBy: 'agent' });
    for (const event of events.slice(0, 40))
      await projection.fold('agent-desk-kpi', event as KpiEvent);
    expect(await figures({ groupBy: 'agent' })).toEqual(before);
  });

  it('folds a conversation’s events in any order to the same fact row', async () => {
    const inOrder = uniqueId('t');
    const reversed = uniqueId('t');
    const ofDay = (tenant: string) =>
      scriptedDay(tenant).filter((event) => event.aggregateId.startsWith(tenant)) as KpiEvent[];
    for (const event of ofDay(inOrder)) await projection.fold('order-test', event);
    for (const event of ofDay(reversed).reverse()) await projection.fold('order-test', event);
    const { groups } = await figures({}, reversed);
    expect(groups).toEqual((await figures({}, inOrder)).groups);
    expect(groups[0]).toEqual(DAY_FIGURES);
  });

  it('a rebuild (tables truncated, a fresh group reading the log from the beginning) gives the same figures', async () => {
    const queries: Partial<KpiQuery>[] = [
      {},
      { groupBy: 'agent' },
      { groupBy: 'queue' },
      { groupBy: 'day', to: '2026-12-01' },
    ];
    const before = await Promise.all(queries.map((query) => figures(query)));
    await dataSource.query(
      `TRUNCATE kpi_conversations, kpi_handles, kpi_agent_presence, kpi_agent_days, kpi_usage_days`,
    );
    expect((await figures({})).groups).toEqual([]);
    await project('agent-desk-kpi-rebuild');
    expect(await Promise.all(queries.map((query) => figures(query)))).toEqual(before);
  });
});
