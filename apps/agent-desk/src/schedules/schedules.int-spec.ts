import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { createLogger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { dropTestDatabase, stackEnv, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { AssignmentService } from '../assignment/assignment.service';
import { deskEnvSchema } from '../config';
import { DeskConversation, Offer, PRIORITY_RANK } from '../conversations/desk-conversation.entity';
import { QueuesService } from '../queues/queues.service';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { deskSettingsSchema } from '../settings/desk-settings';
import { SettingsService } from '../settings/settings.service';
import { fullTimeShanghai, partTimeShanghai, remoteBerlin } from './schedule-fixtures';
import { SchedulesService } from './schedules.service';

/** Schedules on the real Postgres: writing and reading them, coverage, and the end of shifts. */
describe('SchedulesService', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let settings: SettingsService;
  let schedules: SchedulesService;
  const utc = (iso: string) => new Date(iso);

  async function tenant(): Promise<string> {
    const id = uniqueId('t');
    await dataSource.getRepository(Tenant).save({ id, name: id });
    return id;
  }

  async function agent(
    tenantId: string,
    options: {
      presence?: Agent['presence'];
      presenceAt?: string;
      skills?: Record<string, number>;
      languages?: string[];
      name?: string;
    },
  ): Promise<string> {
    const saved = await dataSource.getRepository(Agent).save({
      tenantId,
      email: `${uniqueId('a')}@desk.test`,
      name: options.name ?? 'Agent',
      role: 'agent',
      passwordHash: 'unused',
      skills: options.skills ?? {},
      languages: options.languages ?? ['zh'],
      capacity: { chat: 5 },
      active: true,
      busyState: null,
      teamId: null,
      presence: options.presence ?? 'offline',
      presenceAt: utc(options.presenceAt ?? '2026-11-30T00:00:00Z'),
      lastOfferedAt: null,
    });
    return saved.id;
  }

  const supervisorOf = (tenantId: string): Principal => ({
    subject: 'supervisor-1',
    tenantId,
    role: 'supervisor',
    kind: 'user',
  });

  async function presenceEvents(agentId: string): Promise<unknown[]> {
    const rows: { event: { payload: unknown } }[] = await dataSource.query(
      `SELECT event FROM outbox WHERE event->>'type' = 'agent.presence_changed'
          AND event->>'aggregateId' = $1 ORDER BY seq`,
      [agentId],
    );
    return rows.map((row) => row.event.payload);
  }

  async function presenceOf(agentId: string): Promise<string> {
    return (await dataSource.getRepository(Agent).findOneByOrFail({ id: agentId })).presence;
  }

  async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProblemException);
    return [(error as ProblemException).getStatus(), (error as ProblemException).code];
  }

  let assignment: AssignmentService;

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    settings = new SettingsService(dataSource);
    const unitOfWork = new UnitOfWork(dataSource, DESK_SCHEMA, null);
    const config = deskEnvSchema.parse({
      ...stackEnv(),
      JWT_SECRET: 'schedules-test-secret-at-least-32-characters',
    });
    const logger = createLogger('schedules-int', 'silent');
    assignment = new AssignmentService(
      dataSource,
      unitOfWork,
      new QueuesService(dataSource),
      config,
      logger,
    );
    schedules = new SchedulesService(dataSource, unitOfWork, settings, assignment, logger);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('a supervisor writes a schedule, reads it back, and the agent sees where they stand', async () => {
    const tenantId = await tenant();
    const agentId = await agent(tenantId, {});
    const written = await schedules.write(supervisorOf(tenantId), agentId, fullTimeShanghai);
    expect(written).toMatchObject({
      agentId,
      employment: 'full_time',
      shifts: fullTimeShanghai.shifts,
      updatedBy: 'supervisor-1',
    });
    expect(await schedules.of(tenantId, agentId)).toEqual(written);

    const me: Principal = { subject: agentId, tenantId, role: 'agent', kind: 'user' };
    // Tuesday 1 December 20:00 Shanghai; Wednesday is their day off.
    expect(await schedules.mine(me, utc('2026-12-01T12:00:00Z'))).toMatchObject({
      employment: 'full_time',
      onShiftNow: false,
      currentShiftEndsAt: null,
      nextShiftStartsAt: '2026-12-03T01:00:00.000Z',
    });

    // Written again: replaced.
    await schedules.write(supervisorOf(tenantId), agentId, partTimeShanghai);
    expect((await schedules.of(tenantId, agentId)).employment).toBe('part_time');

    await schedules.remove(tenantId, agentId);
    expect(await refusal(schedules.of(tenantId, agentId))).toEqual([
      404,
      'DESK.SCHEDULE_NOT_FOUND',
    ]);
    expect(await refusal(schedules.mine(me))).toEqual([404, 'DESK.SCHEDULE_NOT_FOUND']);
  });

  it('an agent of another tenant, or no agent at all, cannot be given or read a schedule', async () => {
    const tenantId = await tenant();
    const elsewhere = await agent(await tenant(), {});
    expect(await refusal(schedules.write(supervisorOf(tenantId), elsewhere, remoteBerlin))).toEqual(
      [404, 'DESK.AGENT_NOT_FOUND'],
    );
    expect(await refusal(schedules.write(supervisorOf(tenantId), 'nope', remoteBerlin))).toEqual([
      404,
      'DESK.AGENT_NOT_FOUND',
    ]);
    expect(await refusal(schedules.of(tenantId, 'nope'))).toEqual([404, 'DESK.SCHEDULE_NOT_FOUND']);
  });

  it('plans the coverage of the tenant, filtered by skill and language', async () => {
    const tenantId = await tenant();
    const supervisor = supervisorOf(tenantId);
    const full = await agent(tenantId, { name: 'A', skills: { billing: 1 }, languages: ['zh'] });
    const part = await agent(tenantId, { name: 'B', languages: ['zh'] });
    const remote = await agent(tenantId, { name: 'C', skills: { billing: 1 }, languages: ['en'] });
    await agent(tenantId, { name: 'D', skills: { billing: 1 }, languages: ['en'] }); // no schedule: never counted
    await schedules.write(supervisor, full, fullTimeShanghai);
    await schedules.write(supervisor, part, partTimeShanghai);
    await schedules.write(supervisor, remote, remoteBerlin);
    // Another tenant's agent on the same hours is not counted.
    const other = await tenant();
    await schedules.write(supervisorOf(other), await agent(other, {}), remoteBerlin);

    // Tuesday 1 December, 08:00–10:00 UTC (16:00–18:00 Shanghai, 09:00–11:00 Berlin).
    const window = { from: '2026-12-01T08:00:00Z', to: '2026-12-01T10:00:00Z', stepMinutes: 60 };
    const all = await schedules.coverage(tenantId, window);
    expect(all).toMatchObject({ stepMinutes: 60, skill: null, language: null });
    expect(all.steps.map((step) => step.agentIds)).toEqual([
      [full, part, remote],
      [full, remote],
    ]);

    const chinese = await schedules.coverage(tenantId, { ...window, language: 'zh' });
    expect(chinese.steps.map((step) => step.agentIds)).toEqual([[full, part], [full]]);
    const billingInEnglish = await schedules.coverage(tenantId, {
      ...window,
      skill: 'billing',
      language: 'en',
    });
    expect(billingInEnglish.steps.map((step) => step.scheduled)).toEqual([1, 1]);
  });

  it('sets away, once, the online agents whose shift ended more than the grace ago; agents without a schedule are never touched', async () => {
    const tenantId = await tenant();
    const supervisor = supervisorOf(tenantId);
    // The Shanghai shift ends Monday 30 November at 10:00 UTC; Berlin's runs to 16:00 UTC.
    const forgot = await agent(tenantId, {
      presence: 'online',
      presenceAt: '2026-11-30T00:55:00Z',
    });
    const unscheduled = await agent(tenantId, {
      presence: 'online',
      presenceAt: '2026-11-30T00:55:00Z',
    });
    const overtime = await agent(tenantId, {
      presence: 'online',
      presenceAt: '2026-11-30T10:05:00Z',
    });
    const onShift = await agent(tenantId, {
      presence: 'online',
      presenceAt: '2026-11-30T08:00:00Z',
    });
    const away = await agent(tenantId, { presence: 'away', presenceAt: '2026-11-30T00:55:00Z' });
    await schedules.write(supervisor, forgot, fullTimeShanghai);
    await schedules.write(supervisor, overtime, fullTimeShanghai);
    await schedules.write(supervisor, onShift, remoteBerlin);
    await schedules.write(supervisor, away, fullTimeShanghai);

    // A tenant with a longer grace.
    const patient = await tenant();
    await settings.write(
      supervisorOf(patient),
      deskSettingsSchema.parse({ shiftEndGraceMinutes: 60 }),
    );
    const later = await agent(patient, { presence: 'online', presenceAt: '2026-11-30T00:55:00Z' });
    await schedules.write(supervisorOf(patient), later, fullTimeShanghai);

    // The forgetful agent still holds an unaccepted offer.
    const conversationId = uniqueId('c');
    const offerId = randomUUID();
    await dataSource.getRepository(DeskConversation).save({
      id: conversationId,
      tenantId,
      status: 'offered',
      queue: 'general',
      priority: 'normal',
      priorityRank: PRIORITY_RANK.normal,
      skills: [],
      agentId: forgot,
      passedBy: [],
      handoff: { summary: '', reasons: [] } as unknown as DeskConversation['handoff'],
      queuedAt: utc('2026-11-30T09:59:00Z'),
      assignedAt: null,
      resolvedAt: null,
      wrapUpCode: null,
    });
    await dataSource.getRepository(Offer).save({
      id: offerId,
      tenantId,
      conversationId,
      agentId: forgot,
      status: 'pending',
      createdAt: utc('2026-11-30T09:59:30Z'),
      expiresAt: utc('2026-11-30T23:00:00Z'),
    });

    // Within the default grace of 15 minutes: nobody yet.
    await schedules.endShifts(utc('2026-11-30T10:10:00Z'));
    expect(await presenceOf(forgot)).toBe('online');

    // Two desk instances sweep at once: one wins.
    const now = utc('2026-11-30T10:16:00Z');
    const [first, second] = await Promise.all([schedules.endShifts(now), schedules.endShifts(now)]);
    expect(first + second).toBe(1);
    expect(await presenceOf(forgot)).toBe('away');
    expect(await presenceEvents(forgot)).toEqual([
      { agentId: forgot, presence: 'away', busyState: null, cause: 'schedule' },
    ]);
    const presenceAt = (await dataSource.getRepository(Agent).findOneByOrFail({ id: forgot }))
      .presenceAt;
    expect(presenceAt).toEqual(now);
    // Their offer went back to the queue at once (not when it would have expired) and on to
    // an agent still on shift (the dispatch the release asked for has run).
    await assignment.dispatchesSettled();
    expect((await dataSource.getRepository(Offer).findOneByOrFail({ id: offerId })).status).toBe(
      'expired',
    );
    const next = await dataSource
      .getRepository(Offer)
      .findOneByOrFail({ conversationId, status: 'pending' });
    expect(next.agentId).not.toBe(forgot);

    for (const untouched of [unscheduled, overtime, onShift, later]) {
      expect(await presenceOf(untouched)).toBe('online');
      expect(await presenceEvents(untouched)).toEqual([]);
    }
    expect(await presenceOf(away)).toBe('away');
    expect(await presenceEvents(away)).toEqual([]);

    // Later: the patient tenant's grace has passed too; the others stay as they were.
    await schedules.endShifts(utc('2026-11-30T11:01:00Z'));
    expect(await presenceOf(later)).toBe('away');
    expect(await presenceEvents(later)).toHaveLength(1);
    expect(await presenceEvents(forgot)).toHaveLength(1);
    expect(await presenceOf(unscheduled)).toBe('online');
    expect(await presenceOf(overtime)).toBe('online');
  });
});
