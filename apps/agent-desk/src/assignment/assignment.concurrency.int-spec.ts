import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { createLogger } from '@tandem/observability';
import { migrate, UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { createTestDatabase, dropTestDatabase, stackEnv, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { AgentsService } from '../agents/agents.service';
import type { Media } from '../agents/seat';
import { deskEnvSchema } from '../config';
import { ConversationsService } from '../conversations/conversations.service';
import {
  DeskConversation,
  PRIORITY_RANK,
  type Priority,
} from '../conversations/desk-conversation.entity';
import { DESK_SCHEMA } from '../database';
import { connectDesk } from '../database/test-database';
import { QueuesService } from '../queues/queues.service';
import { SettingsService } from '../settings/settings.service';
import { WaitingService } from '../waiting/waiting.service';
import { AssignmentService } from './assignment.service';

/** A desk instance: its own pool of connections and its own services, sharing one database. */
interface Instance {
  dataSource: DataSource;
  assignment: AssignmentService;
  agents: AgentsService;
  conversations: ConversationsService;
}

/** Deterministic randomness (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const AGENTS = 40;
const CONVERSATIONS = 400;
const CAPACITY: Record<Media, number> = { chat: 3, email: 2, call: 0 };
const EXPECTED_FAILURES = new Set(['DESK.OFFER_NOT_PENDING', 'DESK.OFFER_EXPIRED']);

/**
 * Two desk instances against one Postgres, many agents accepting, declining and ignoring
 * offers at once, both instances dispatching and sweeping at the same time: the history on
 * the outbox shows no conversation ever on offer to two agents or assigned twice, no agent
 * ever over capacity for a media, and every conversation assigned in the end.
 */
describe('assignment under concurrency (two desk instances, one database)', () => {
  let databaseUrl = '';
  const instances: Instance[] = [];
  const tenantId = uniqueId('t');
  const agentIds: string[] = [];

  function instance(dataSource: DataSource): Instance {
    const config = deskEnvSchema.parse({
      ...stackEnv(),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'concurrency-test-secret-at-least-32-chars',
      OFFER_TIMEOUT_SECONDS: '30',
    });
    const unitOfWork = new UnitOfWork(dataSource, DESK_SCHEMA, null);
    const queues = new QueuesService(dataSource);
    const assignment = new AssignmentService(
      dataSource,
      unitOfWork,
      queues,
      config,
      createLogger('assignment-int', 'silent'),
    );
    return {
      dataSource,
      assignment,
      agents: new AgentsService(
        dataSource,
        unitOfWork,
        assignment,
        new SettingsService(dataSource),
      ),
      conversations: new ConversationsService(
        unitOfWork,
        new WaitingService(dataSource),
        new SettingsService(dataSource),
        queues,
      ),
    };
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    for (const name of ['desk-a', 'desk-b']) {
      const dataSource = await connectDesk(databaseUrl, name);
      if (instances.length === 0) await migrate(dataSource, DESK_SCHEMA);
      instances.push(instance(dataSource));
    }
    const [a] = instances;
    await a!.dataSource.getRepository(Tenant).save({ id: tenantId, name: 'Concurrency' });
    // A billing queue that needs level 3, and accepts level 2 after a minute; general: defaults.
    await new QueuesService(a!.dataSource).create(tenantId, {
      name: 'billing',
      skills: { billing: 3 },
      priority: 1,
      slaSeconds: 60,
      overflow: [{ afterSeconds: 60, lowerSkillLevelsBy: 1 }],
      hours: null,
      teamId: null,
    });
    const languages = [['en'], ['zh'], ['en', 'zh']];
    for (let i = 0; i < AGENTS; i += 1) {
      const saved = await a!.dataSource.getRepository(Agent).save({
        tenantId,
        email: `agent${i}@desk.test`,
        name: `Agent ${i}`,
        role: 'agent' as const,
        passwordHash: 'unused',
        teamId: null,
        skills: { billing: 1 + (i % 4) },
        languages: languages[i % 3]!,
        capacity: CAPACITY,
        presence: 'online' as const,
        busyState: null,
        presenceAt: new Date(),
        active: true,
        lastOfferedAt: null,
      });
      agentIds.push(saved.id);
    }
    const pick = random(7);
    const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];
    const rows: Partial<DeskConversation>[] = [];
    for (let i = 0; i < CONVERSATIONS; i += 1) {
      const priority = priorities[Math.floor(pick() * 4)]!;
      const billing = pick() < 0.4;
      const email = pick() < 0.25;
      rows.push({
        id: `c-${i}-${randomUUID()}`,
        tenantId,
        status: 'queued',
        queue: billing ? 'billing' : 'general',
        priority,
        priorityRank: PRIORITY_RANK[priority],
        skills: [pick() < 0.5 ? 'lang:en' : 'lang:zh'],
        media: email ? 'email' : 'chat',
        queueBoost: billing ? 1 : 0,
        preferredAgentId: null,
        preferredUntil: null,
        agentId: null,
        passedBy: [],
        handoff: {
          summary: '',
          reasons: [],
          transcript: [],
          customerId: randomUUID(),
          channel: { id: 'ch', type: email ? 'email' : 'webchat' },
          lastSentiment: null,
          language: 'en',
        },
        // Half waited long enough for the billing overflow (level 2 will do).
        queuedAt: new Date(Date.now() - (i % 2 === 0 ? 120_000 : 0)),
        assignedAt: null,
        resolvedAt: null,
        wrapUpCode: null,
      });
    }
    await a!.dataSource.getRepository(DeskConversation).insert(rows);
  }, 60_000);

  afterAll(async () => {
    for (const { dataSource } of instances) await dataSource.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('never double-offers, never double-assigns, never overfills a seat, and assigns everything', async () => {
    const [a, b] = instances as [Instance, Instance];
    const roll = random(42);
    const unexpected: unknown[] = [];
    const swallowExpected = (error: unknown): void => {
      if (!(error instanceof ProblemException && EXPECTED_FAILURES.has(error.code)))
        unexpected.push(error);
    };
    let doubleAccepts = 0;
    let worstOverload = 0;
    let worstPendingTwice = 0;

    /** Sampled while everything races: seats over capacity, conversations on two offers. */
    async function monitor(): Promise<void> {
      const over: { excess: number }[] = await a.dataSource.query(
        `SELECT count(*) - COALESCE((ag.capacity ->> c.media)::int, 0) AS excess
           FROM conversations c JOIN agents ag ON ag.id = c.agent_id
          WHERE c.tenant_id = $1 AND c.status IN ('offered', 'assigned')
          GROUP BY c.agent_id, c.media, ag.capacity
          ORDER BY 1 DESC LIMIT 1`,
        [tenantId],
      );
      worstOverload = Math.max(worstOverload, Number(over[0]?.excess ?? -1));
      const twice: { n: string }[] = await b.dataSource.query(
        `SELECT count(*) AS n FROM offers WHERE tenant_id = $1 AND status = 'pending'
          GROUP BY conversation_id ORDER BY 1 DESC LIMIT 1`,
        [tenantId],
      );
      worstPendingTwice = Math.max(worstPendingTwice, Number(twice[0]?.n ?? 0));
    }

    async function act(agentId: string, index: number): Promise<void> {
      const mine = index % 2 === 0 ? a : b;
      const other = mine === a ? b : a;
      const principal: Principal = {
        kind: 'user',
        subject: agentId,
        tenantId,
        role: 'agent',
        name: 'Agent',
      };
      const offers = await mine.assignment.pendingOffers(tenantId, agentId);
      const assigned: { id: string }[] = await mine.dataSource.query(
        `SELECT id FROM conversations WHERE tenant_id = $1 AND agent_id = $2 AND status = 'assigned'`,
        [tenantId, agentId],
      );
      const work: Promise<unknown>[] = [];
      for (const offer of offers) {
        const choice = roll();
        if (choice < 0.15) {
          // The same accept reaches both instances at once (a retried request): one wins.
          work.push(
            Promise.allSettled([
              mine.assignment.accept(tenantId, agentId, offer.id),
              other.assignment.accept(tenantId, agentId, offer.id),
            ]).then((results) => {
              const won = results.filter((result) => result.status === 'fulfilled').length;
              if (won > 1) unexpected.push(new Error(`offer ${offer.id} accepted twice`));
              if (won === 1) doubleAccepts += 1;
              for (const result of results)
                if (result.status === 'rejected') swallowExpected(result.reason);
            }),
          );
        } else if (choice < 0.6)
          work.push(mine.assignment.accept(tenantId, agentId, offer.id).catch(swallowExpected));
        else if (choice < 0.75)
          work.push(
            mine.assignment.decline(tenantId, agentId, offer.id, 'busy').catch(swallowExpected),
          );
        // else: ignored; a sweep with a later clock expires it.
      }
      for (const conversation of assigned)
        if (roll() < 0.5)
          work.push(mine.conversations.resolve(principal, conversation.id, 'done', 'Helped.'));
      const presence = roll();
      if (presence < 0.03) work.push(mine.assignment.releaseAgentOffers(tenantId, agentId));
      else if (presence < 0.06)
        work.push(
          mine.agents
            .setPresence(tenantId, agentId, { status: 'away' }, 'agent')
            .then(() => other.agents.setPresence(tenantId, agentId, { status: 'online' }, 'agent')),
        );
      const settled = await Promise.allSettled(work);
      for (const result of settled)
        if (result.status === 'rejected') unexpected.push(result.reason);
    }

    const remaining = async (): Promise<number> => {
      const [row]: { n: string }[] = await a.dataSource.query(
        `SELECT count(*) AS n FROM conversations WHERE tenant_id = $1 AND status <> 'resolved'`,
        [tenantId],
      );
      return Number(row?.n ?? 0);
    };

    let rounds = 0;
    while ((await remaining()) > 0 && rounds < 120) {
      rounds += 1;
      const later = new Date(Date.now() + 31_000);
      const settled = await Promise.allSettled([
        a.assignment.dispatch(tenantId),
        b.assignment.dispatch(tenantId),
        // Every third round an instance sweeps as if the offer timeout had passed.
        rounds % 3 === 0 ? a.assignment.sweep(later) : a.assignment.sweep(),
        b.assignment.sweep(),
        ...agentIds.map((agentId, index) => act(agentId, index)),
        monitor(),
      ]);
      for (const result of settled)
        if (result.status === 'rejected') unexpected.push(result.reason);
    }

    expect(unexpected).toEqual([]);
    expect(await remaining()).toBe(0);
    expect(worstOverload).toBeLessThanOrEqual(0);
    expect(worstPendingTwice).toBeLessThanOrEqual(1);
    expect(doubleAccepts).toBeGreaterThan(0);

    // The history, replayed from the outbox in commit order per conversation.
    const events: { type: string; aggregateId: string; payload: Record<string, string> }[] = (
      await a.dataSource.query(`SELECT event FROM outbox ORDER BY seq`)
    ).map((row: { event: unknown }) => row.event);
    const open = new Map<string, string>();
    const assignedTo = new Map<string, string[]>();
    const violations: string[] = [];
    let created = 0;
    for (const event of events) {
      const id = event.aggregateId;
      if (event.type === 'offer.created') {
        created += 1;
        if (open.has(id)) violations.push(`${id}: a second offer while ${open.get(id)} was open`);
        open.set(id, event.payload.offerId!);
      } else if (event.type === 'offer.declined' || event.type === 'offer.expired') {
        if (open.get(id) !== event.payload.offerId)
          violations.push(`${id}: closed an offer not open`);
        open.delete(id);
      } else if (event.type === 'conversation.assigned') {
        if (open.get(id) !== event.payload.offerId)
          violations.push(`${id}: assigned by an offer not open`);
        open.delete(id);
        assignedTo.set(id, [...(assignedTo.get(id) ?? []), event.payload.agentId!]);
      }
    }
    expect(violations).toEqual([]);
    expect(assignedTo.size).toBe(CONVERSATIONS);
    expect([...assignedTo.values()].filter((agents) => agents.length !== 1)).toEqual([]);
    const [accepted]: { n: string }[] = await a.dataSource.query(
      `SELECT count(*) AS n FROM offers WHERE tenant_id = $1 AND status = 'accepted'`,
      [tenantId],
    );
    expect(Number(accepted?.n)).toBe(CONVERSATIONS);
    // Declines and expiries happened, so offers moved on, not just straight through.
    expect(created).toBeGreaterThan(CONVERSATIONS);
    console.log(
      `concurrency: ${CONVERSATIONS} conversations, ${AGENTS} agents, 2 instances, ${rounds} rounds, ` +
        `${created} offers, ${doubleAccepts} double accepts with one winner`,
    );
  }, 240_000);
});
