import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AnyEvent } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { dropTestDatabase, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { AssignmentService } from '../assignment/assignment.service';
import { deskEnvSchema, type DeskConfig } from '../config';
import { DeskConversation, Offer, PRIORITY_RANK } from '../conversations/desk-conversation.entity';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { DeskSettingsRow } from '../settings/desk-settings.entity';
import { QueuesService } from '../queues/queues.service';
import { SettingsService } from '../settings/settings.service';
import { RealtimeConnections } from './realtime-connections.service';

/**
 * Presence from the connection on the real Postgres, with two desk instances (two
 * RealtimeConnections, each its own instance id) sharing one database.
 */
describe('RealtimeConnections', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  let instanceA: RealtimeConnections;
  let instanceB: RealtimeConnections;
  const tenantId = uniqueId('t');
  const graceSeconds = 10;
  const t0 = new Date('2026-12-01T10:00:00.000Z');
  const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1_000);
  const config = {
    ...deskEnvSchema.parse({
      DATABASE_URL: 'postgres://unused',
      KAFKA_BROKERS: 'unused:9092',
      REDIS_URL: 'redis://unused',
      JWT_SECRET: 'x'.repeat(32),
    }),
    REALTIME_INSTANCE_TTL_MS: 15_000,
  } as DeskConfig;

  const assignments: AssignmentService[] = [];
  /** The dispatches the instances requested (a release asks for one) have run. */
  const settled = () => Promise.all(assignments.map((each) => each.dispatchesSettled()));

  function instance(): RealtimeConnections {
    const logger = createLogger('realtime-int', 'silent');
    const assignment = new AssignmentService(
      dataSource,
      unitOfWork,
      new QueuesService(dataSource),
      config,
      logger,
    );
    assignments.push(assignment);
    return new RealtimeConnections(
      dataSource,
      unitOfWork,
      assignment,
      new SettingsService(dataSource),
      config,
      logger,
    );
  }

  async function agent(presence: Agent['presence'] = 'online'): Promise<string> {
    const saved = await dataSource.getRepository(Agent).save({
      tenantId,
      email: `${uniqueId('a')}@desk.test`,
      name: 'Agent',
      role: 'agent',
      passwordHash: 'unused',
      skills: {},
      languages: ['en'],
      capacity: { chat: 5 },
      active: true,
      busyState: null,
      teamId: null,
      presence,
      presenceAt: t0,
      lastOfferedAt: null,
    });
    return saved.id;
  }

  async function state(
    agentId: string,
  ): Promise<{ presence: string; disconnectedAt: Date | null; sockets: number }> {
    const [row]: { presence: string; disconnected_at: Date | null; sockets: string }[] =
      await dataSource.query(
        `SELECT presence, disconnected_at,
                (SELECT count(*) FROM agent_sockets s WHERE s.agent_id = a.id) AS sockets
           FROM agents a WHERE id = $1`,
        [agentId],
      );
    return {
      presence: row!.presence,
      disconnectedAt: row!.disconnected_at,
      sockets: Number(row!.sockets),
    };
  }

  /** The two live instances heartbeat at the test's clock. */
  async function alive(now: Date): Promise<void> {
    await instanceA.heartbeat(now);
    await instanceB.heartbeat(now);
  }

  async function emitted(aggregateId: string): Promise<AnyEvent[]> {
    const rows: { event: AnyEvent }[] = await dataSource.query(
      `SELECT event FROM outbox WHERE event ->> 'aggregateId' = $1 ORDER BY seq`,
      [aggregateId],
    );
    return rows.map((row) => row.event);
  }

  /** A conversation offered to the agent, pending until long after the test's clock. */
  async function pendingOffer(
    agentId: string,
  ): Promise<{ conversationId: string; offerId: string }> {
    const conversationId = uniqueId('c');
    await dataSource.getRepository(DeskConversation).save({
      id: conversationId,
      tenantId,
      status: 'offered',
      queue: 'general',
      priority: 'normal',
      priorityRank: PRIORITY_RANK.normal,
      skills: ['lang:en'],
      agentId,
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
      queuedAt: t0,
      assignedAt: null,
      resolvedAt: null,
      wrapUpCode: null,
    });
    const offerId = randomUUID();
    await dataSource.getRepository(Offer).save({
      id: offerId,
      tenantId,
      conversationId,
      agentId,
      status: 'pending',
      createdAt: t0,
      expiresAt: at(3_600),
    });
    return { conversationId, offerId };
  }

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    await dataSource.getRepository(Tenant).save({ id: tenantId, name: 'Realtime' });
    await dataSource.getRepository(DeskSettingsRow).save({
      tenantId,
      settings: { presenceGraceSeconds: graceSeconds },
      updatedBy: 'test',
    });
    unitOfWork = new UnitOfWork(dataSource, DESK_SCHEMA, null);
    instanceA = instance();
    instanceB = instance();
    await instanceA.heartbeat(t0);
    await instanceB.heartbeat(t0);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('the grace starts when the last socket on any instance goes, and a reconnect within it changes nothing', async () => {
    const agentId = await agent();
    const { offerId } = await pendingOffer(agentId);
    await instanceA.connected(tenantId, agentId, 'sock-a1', at(0));
    await instanceB.connected(tenantId, agentId, 'sock-b1', at(0));

    await instanceA.disconnected(agentId, 'sock-a1', at(1));
    expect(await state(agentId)).toEqual({ presence: 'online', disconnectedAt: null, sockets: 1 });

    await instanceB.disconnected(agentId, 'sock-b1', at(2));
    expect(await state(agentId)).toEqual({ presence: 'online', disconnectedAt: at(2), sockets: 0 });

    // Within the grace: still online.
    expect(await instanceA.applyGrace(at(2 + graceSeconds - 1))).toBe(0);
    // Back on the other instance: the grace is cancelled, so past it nothing happens.
    await instanceA.connected(tenantId, agentId, 'sock-a2', at(5));
    expect(await state(agentId)).toEqual({ presence: 'online', disconnectedAt: null, sockets: 1 });
    expect(await instanceB.applyGrace(at(60))).toBe(0);
    expect((await state(agentId)).presence).toBe('online');
    expect(await dataSource.getRepository(Offer).findOneByOrFail({ id: offerId })).toMatchObject({
      status: 'pending',
    });
  });

  it('past the grace the agent is away (cause connection) and their pending offers go back to the queue, once', async () => {
    const agentId = await agent();
    const { conversationId, offerId } = await pendingOffer(agentId);
    await instanceA.connected(tenantId, agentId, 'sock-x', at(100));
    await instanceA.disconnected(agentId, 'sock-x', at(101));

    // Both instances sweep at the same moment: one of them applies it.
    const applied = await Promise.all([
      instanceA.applyGrace(at(101 + graceSeconds)),
      instanceB.applyGrace(at(101 + graceSeconds)),
    ]);
    expect(applied.reduce((sum, count) => sum + count, 0)).toBe(1);
    await settled();

    expect(await state(agentId)).toEqual({ presence: 'away', disconnectedAt: null, sockets: 0 });
    expect(await dataSource.getRepository(Offer).findOneByOrFail({ id: offerId })).toMatchObject({
      status: 'expired',
    });
    // Back in the queue, and offered at once to the other agent online (the first test's).
    const conversation = await dataSource
      .getRepository(DeskConversation)
      .findOneByOrFail({ id: conversationId });
    expect(conversation).toMatchObject({ status: 'offered', passedBy: [agentId] });
    expect(conversation.agentId).not.toBe(agentId);
    expect(await emitted(agentId)).toEqual([
      expect.objectContaining({
        type: 'agent.presence_changed',
        tenantId,
        payload: { agentId, presence: 'away', busyState: null, cause: 'connection' },
      }),
    ]);
    expect((await emitted(conversationId)).map((event) => [event.type, event.payload])).toEqual([
      ['offer.expired', { offerId, agentId }],
      ['offer.created', expect.objectContaining({ agentId: conversation.agentId })],
    ]);
    // Applied once: a later sweep finds nothing to do.
    expect(await instanceB.applyGrace(at(500))).toBe(0);
    expect(await emitted(agentId)).toHaveLength(1);
  });

  it('a crashed instance’s sockets are reaped after its heartbeat times out, the grace counted from its last heartbeat', async () => {
    const crashed = instance();
    const agentId = await agent();
    await crashed.heartbeat(at(200));
    await crashed.connected(tenantId, agentId, 'sock-crash', at(200));

    // 14 s without a heartbeat: still alive as far as anyone knows.
    await alive(at(214));
    expect(await instanceA.reapDeadInstances(at(214))).toBe(0);
    expect(await state(agentId)).toMatchObject({ disconnectedAt: null, sockets: 1 });

    await alive(at(216));
    expect(await instanceA.reapDeadInstances(at(216))).toBe(1);
    expect(await state(agentId)).toEqual({
      presence: 'online',
      disconnectedAt: at(200),
      sockets: 0,
    });
    await instanceA.applyGrace(at(216));
    expect((await state(agentId)).presence).toBe('away');
  });

  it('an agent connected on the crashed instance and on a live one keeps their presence', async () => {
    const crashed = instance();
    const agentId = await agent();
    await crashed.heartbeat(at(300));
    await crashed.connected(tenantId, agentId, 'sock-crash-2', at(300));
    await instanceB.connected(tenantId, agentId, 'sock-live', at(301));
    await alive(at(320));

    expect(await instanceB.reapDeadInstances(at(320))).toBe(1);
    expect(await state(agentId)).toEqual({ presence: 'online', disconnectedAt: null, sockets: 1 });
  });

  it('an instance that shuts down counts its sockets as gone at once', async () => {
    const stopping = instance();
    const agentId = await agent();
    await stopping.heartbeat(at(400));
    await stopping.connected(tenantId, agentId, 'sock-stop', at(400));
    await stopping.leave(at(405));
    expect(await state(agentId)).toEqual({
      presence: 'online',
      disconnectedAt: at(405),
      sockets: 0,
    });
    const instances: unknown[] = await dataSource.query(
      `SELECT id FROM realtime_instances WHERE id = $1`,
      [stopping.instanceId],
    );
    expect(instances).toEqual([]);
  });

  it('connects and disconnects racing on two instances always leave a consistent state', async () => {
    const agentId = await agent();
    for (let round = 0; round < 10; round++) {
      const sockets = Array.from({ length: 6 }, (_, index) => `race-${round}-${index}`);
      await Promise.all(
        sockets.map((socket, index) =>
          (index % 2 === 0 ? instanceA : instanceB).connected(tenantId, agentId, socket, at(600)),
        ),
      );
      // All but a random one (or all, every other round) go at once, from both instances.
      const keep = round % 2 === 0 ? -1 : round % sockets.length;
      await Promise.all(
        sockets.map((socket, index) =>
          index === keep
            ? Promise.resolve()
            : (index % 2 === 0 ? instanceA : instanceB).disconnected(agentId, socket, at(601)),
        ),
      );
      const now = await state(agentId);
      expect(now.sockets).toBe(keep === -1 ? 0 : 1);
      expect(now.disconnectedAt).toEqual(keep === -1 ? at(601) : null);
      if (keep !== -1)
        await (keep % 2 === 0 ? instanceA : instanceB).disconnected(
          agentId,
          sockets[keep]!,
          at(601),
        );
      // Reconnect for the next round (clears the grace).
    }
  });
});
