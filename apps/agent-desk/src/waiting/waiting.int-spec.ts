import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProblemException } from '@tandem/platform';
import { dropTestDatabase, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { createDeskTestDatabase } from '../database/test-database';
import {
  DeskConversation,
  PRIORITY_RANK,
  type DeskStatus,
  type Priority,
} from '../conversations/desk-conversation.entity';
import { WaitingService } from './waiting.service';

/** The wait as the desk computes it from its own tables, on the real Postgres. */
describe('WaitingService', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let waiting: WaitingService;
  const tenantId = uniqueId('t');
  const now = new Date('2026-12-01T10:00:00.000Z');
  const minutesAgo = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);
  let agentId = '';

  async function agent(
    presence: Agent['presence'],
    languages: string[],
    skills: Record<string, number> = {},
  ): Promise<string> {
    const saved = await dataSource.getRepository(Agent).save({
      tenantId,
      email: `${uniqueId('a')}@desk.test`,
      name: 'Agent',
      role: 'agent',
      passwordHash: 'unused',
      teamId: null,
      skills,
      languages,
      capacity: { chat: 5 },
      presence,
      busyState: null,
      active: true,
      presenceAt: now,
      lastOfferedAt: null,
    });
    return saved.id;
  }

  async function conversation(
    status: DeskStatus,
    options: { queue?: string; priority?: Priority; queuedAt: Date; assignedAt?: Date },
  ): Promise<string> {
    const id = uniqueId('c');
    await dataSource.getRepository(DeskConversation).save({
      id,
      tenantId,
      status,
      queue: options.queue ?? 'general',
      priority: options.priority ?? 'normal',
      priorityRank: PRIORITY_RANK[options.priority ?? 'normal'],
      skills: ['lang:en'],
      media: 'chat',
      queueBoost: 0,
      preferredAgentId: null,
      preferredUntil: null,
      agentId: status === 'queued' ? null : agentId,
      passedBy: [],
      handoff: {
        summary: '',
        reasons: [],
        transcript: [],
        customerId: randomUUID(),
        channel: { id: 'ch', type: 'generic' },
        lastSentiment: null,
        language: 'en',
      },
      queuedAt: options.queuedAt,
      assignedAt: options.assignedAt ?? null,
      resolvedAt: status === 'resolved' ? now : null,
      wrapUpCode: null,
    });
    return id;
  }

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    await dataSource.getRepository(Tenant).save({ id: tenantId, name: 'Waiting' });
    waiting = new WaitingService(dataSource);
    agentId = await agent('online', ['en'], { billing: 2 });
    await agent('online', ['zh']); // cannot take an English conversation
    await agent('offline', ['en']);
    // The queue's pace: 6 assignments in the last 30 minutes (one resolved since), one older,
    // and one in another queue.
    for (const minutes of [2, 7, 12, 17, 22])
      await conversation('assigned', { queuedAt: minutesAgo(60), assignedAt: minutesAgo(minutes) });
    await conversation('resolved', { queuedAt: minutesAgo(60), assignedAt: minutesAgo(27) });
    await conversation('resolved', { queuedAt: minutesAgo(90), assignedAt: minutesAgo(45) });
    await conversation('assigned', {
      queue: 'vip',
      queuedAt: minutesAgo(60),
      assignedAt: minutesAgo(1),
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('places a queued conversation behind the offered and the earlier ones, with the estimate from the pace', async () => {
    await conversation('offered', { queuedAt: minutesAgo(3) });
    await conversation('queued', { queuedAt: minutesAgo(5) });
    const mine = await conversation('queued', { queuedAt: minutesAgo(4) });
    await conversation('queued', { queuedAt: minutesAgo(2) }); // later: behind
    await conversation('queued', { queue: 'vip', priority: 'urgent', queuedAt: minutesAgo(9) });

    // 6 assigned in 30 minutes → 300 s a place; third → 900 s. One online agent has lang:en.
    expect(await waiting.waitOf(tenantId, mine, now)).toEqual({
      status: 'queued',
      queue: 'general',
      position: 3,
      estimatedWaitSeconds: 900,
      agentsOnline: 1,
      slaSeconds: 120,
    });

    // An urgent one queued just now goes ahead of it.
    await conversation('queued', { priority: 'urgent', queuedAt: minutesAgo(0) });
    expect((await waiting.waitOf(tenantId, mine, now)).position).toBe(4);
  });

  it('a queue with no recent assignment has no estimate, only a place', async () => {
    const id = await conversation('queued', { queue: 'returns', queuedAt: minutesAgo(1) });
    expect(await waiting.waitOf(tenantId, id, now)).toMatchObject({
      position: 1,
      estimatedWaitSeconds: null,
      agentsOnline: 1,
    });
  });

  it('an assigned conversation waits no more; an unknown one is a 404 with a stable code', async () => {
    const assigned = await conversation('assigned', {
      queuedAt: minutesAgo(10),
      assignedAt: minutesAgo(1),
    });
    expect(await waiting.waitOf(tenantId, assigned, now)).toMatchObject({
      status: 'assigned',
      position: null,
      estimatedWaitSeconds: null,
    });
    const refused = await waiting.waitOf(tenantId, 'nope', now).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).getStatus()).toBe(404);
    expect((refused as ProblemException).code).toBe('DESK.CONVERSATION_NOT_FOUND');
  });
});
