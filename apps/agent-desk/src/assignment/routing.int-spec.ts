import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TokenService } from '@tandem/auth';
import { createEvent } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { appDataSourceOptions, migrate, UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { createTestDatabase, dropTestDatabase, stackEnv, uniqueId } from '@tandem/testing';
import { Agent, Tenant } from '../agents/agent.entity';
import { AgentsService } from '../agents/agents.service';
import { AuthService } from '../auth/auth.service';
import { deskEnvSchema } from '../config';
import { ConversationsService } from '../conversations/conversations.service';
import { DeskConversation, Offer } from '../conversations/desk-conversation.entity';
import { DESK_SCHEMA, deskEntities, deskMigrations } from '../database';
import { DeskRouting1764900000610 } from '../database/migrations/1764900000610-desk-routing';
import { QueuesService } from '../queues/queues.service';
import { SettingsService } from '../settings/settings.service';
import { TeamsService } from '../teams/teams.service';
import { WaitingService } from '../waiting/waiting.service';
import { AssignmentService } from './assignment.service';

async function problem(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProblemException);
  return {
    status: (error as ProblemException).getStatus(),
    code: (error as ProblemException).code,
  };
}

/** Routing v2 on the real Postgres: seats, presence, queues, and the migration of old seats. */
describe('routing (agents, queues, dispatch v2)', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let agents: AgentsService;
  let assignment: AssignmentService;
  let conversations: ConversationsService;
  let queues: QueuesService;
  let teams: TeamsService;
  let auth: AuthService;
  let waiting: WaitingService;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const options = { url: databaseUrl, schema: DESK_SCHEMA, entities: deskEntities };
    // The desk as it was before routing v2, with one agent in the old shape.
    const before = new DataSource(
      appDataSourceOptions({
        ...options,
        migrations: deskMigrations.filter((migration) => migration !== DeskRouting1764900000610),
      }),
    );
    await before.initialize();
    await migrate(before, DESK_SCHEMA);
    await before.query(`INSERT INTO tenants (id, name) VALUES ('legacy', 'Legacy')`);
    await before.query(
      `INSERT INTO agents (tenant_id, email, name, role, password_hash, skills, capacity)
       VALUES ('legacy', 'old@desk.test', 'Old', 'agent', 'x', '{lang:zh,billing,lang:en,vip}', 4)`,
    );
    await before.destroy();

    dataSource = new DataSource(appDataSourceOptions({ ...options, migrations: deskMigrations }));
    await dataSource.initialize();
    await migrate(dataSource, DESK_SCHEMA);
    const config = deskEnvSchema.parse({
      ...stackEnv(),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'routing-test-secret-at-least-32-characters',
    });
    const unitOfWork = new UnitOfWork(dataSource, DESK_SCHEMA, null);
    queues = new QueuesService(dataSource);
    teams = new TeamsService(dataSource);
    waiting = new WaitingService(dataSource);
    assignment = new AssignmentService(
      dataSource,
      unitOfWork,
      queues,
      config,
      createLogger('routing-int', 'silent'),
    );
    agents = new AgentsService(dataSource, unitOfWork, assignment, new SettingsService(dataSource));
    conversations = new ConversationsService(
      unitOfWork,
      waiting,
      new SettingsService(dataSource),
      queues,
    );
    auth = new AuthService(
      dataSource,
      new TokenService({ secret: config.JWT_SECRET, issuer: 't' }),
    );
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  async function tenant(): Promise<string> {
    const id = uniqueId('t');
    await dataSource.getRepository(Tenant).save({ id, name: id });
    return id;
  }

  async function agent(
    tenantId: string,
    seat: Partial<Pick<Agent, 'skills' | 'languages' | 'capacity' | 'teamId'>> = {},
  ): Promise<string> {
    const view = await agents.create(tenantId, {
      email: `${uniqueId('a')}@desk.test`,
      name: 'Agent',
      role: 'agent',
      password: 'a long enough password',
      teamId: seat.teamId ?? null,
      skills: seat.skills ?? {},
      languages: seat.languages ?? ['en'],
      capacity: seat.capacity ?? { chat: 1, email: 1 },
    });
    await agents.setPresence(tenantId, view.id, { status: 'online' }, 'agent');
    await assignment.dispatchesSettled();
    return view.id;
  }

  /** An escalation as the router sends it, through the desk's own enqueue. */
  async function escalate(
    tenantId: string,
    options: {
      queue?: string;
      channel?: 'email' | 'webchat';
      priority?: 'normal' | 'high';
      skills?: string[];
    } = {},
  ): Promise<string> {
    const id = uniqueId('c');
    await conversations.enqueue(
      createEvent('escalation.decided', {
        tenantId,
        aggregateId: id,
        payload: {
          decisionId: randomUUID(),
          triggeredBy: randomUUID(),
          reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked' }],
          priority: options.priority ?? 'normal',
          skills: options.skills ?? ['lang:en'],
          queue: options.queue ?? 'general',
          policyVersion: 1,
          handoff: {
            summary: '',
            transcript: [],
            customerId: randomUUID(),
            channel: { id: 'ch', type: options.channel ?? 'webchat' },
            lastSentiment: null,
            language: 'en',
          },
        },
      }),
    );
    return id;
  }

  const statusOf = async (tenantId: string, id: string) =>
    dataSource.getRepository(DeskConversation).findOneByOrFail({ tenantId, id });
  const outbox = async (
    type: string,
  ): Promise<{ aggregateId: string; payload: Record<string, unknown> }[]> =>
    (
      await dataSource.query(`SELECT event FROM outbox WHERE event ->> 'type' = $1 ORDER BY seq`, [
        type,
      ])
    ).map((row: { event: { aggregateId: string; payload: Record<string, unknown> } }) => row.event);

  it('migrates old seats: lang:xx skills become languages, the rest level 1, the old capacity chats', async () => {
    const [old] = await dataSource.query(
      `SELECT skills, languages, capacity, presence, busy_state, active FROM agents WHERE email = 'old@desk.test'`,
    );
    expect(old).toEqual({
      skills: { billing: 1, vip: 1 },
      languages: expect.arrayContaining(['zh', 'en']),
      capacity: { chat: 4 },
      presence: 'offline',
      busy_state: null,
      active: true,
    });
  });

  it('busy needs one of the tenant busy states; each change is an agent.presence_changed with its cause', async () => {
    const tenantId = await tenant();
    const id = await agent(tenantId);
    expect(await problem(agents.setPresence(tenantId, id, { status: 'busy' }, 'agent'))).toEqual({
      status: 400,
      code: 'DESK.INVALID_BUSY_STATE',
    });
    expect(
      await problem(
        agents.setPresence(tenantId, id, { status: 'busy', busyState: 'napping' }, 'agent'),
      ),
    ).toEqual({ status: 400, code: 'DESK.INVALID_BUSY_STATE' });
    const busy = await agents.setPresence(
      tenantId,
      id,
      { status: 'busy', busyState: 'lunch' },
      'supervisor',
    );
    expect(busy).toMatchObject({ presence: 'busy', busyState: 'lunch' });
    const changes = (await outbox('agent.presence_changed')).filter(
      (event) => event.aggregateId === id,
    );
    expect(changes.map((event) => event.payload)).toEqual([
      { agentId: id, presence: 'online', busyState: null, cause: 'agent' },
      { agentId: id, presence: 'busy', busyState: 'lunch', cause: 'supervisor' },
    ]);
    // A busy agent gets no work.
    const waitingOne = await escalate(tenantId);
    await assignment.dispatch(tenantId);
    expect((await statusOf(tenantId, waitingOne)).status).toBe('queued');
  });

  it('going away returns pending offers to the queue, and they go to the next agent', async () => {
    const tenantId = await tenant();
    const first = await agent(tenantId);
    const id = await escalate(tenantId);
    await assignment.dispatch(tenantId);
    expect(await statusOf(tenantId, id)).toMatchObject({ status: 'offered', agentId: first });
    const second = await agent(tenantId);
    await agents.setPresence(tenantId, first, { status: 'away' }, 'agent');
    await assignment.dispatchesSettled();
    expect(await statusOf(tenantId, id)).toMatchObject({ status: 'offered', agentId: second });
    const expired = await dataSource
      .getRepository(Offer)
      .findOneByOrFail({ conversationId: id, agentId: first });
    expect(expired.status).toBe('expired');
    // releaseAgentOffers (a dropped connection) does the same and answers how many; the
    // conversation goes to someone who has not passed on it yet.
    const third = await agent(tenantId, { capacity: { chat: 0 } });
    await agents.update(tenantId, third, { capacity: { chat: 1 } });
    await assignment.dispatchesSettled();
    expect((await statusOf(tenantId, id)).agentId).toBe(second);
    expect(await assignment.releaseAgentOffers(tenantId, second)).toBe(1);
    await assignment.dispatchesSettled();
    expect(await statusOf(tenantId, id)).toMatchObject({ status: 'offered', agentId: third });
    expect(await assignment.releaseAgentOffers(tenantId, second)).toBe(0);
  });

  it('capacity is per media: a full chat seat still takes an e-mail', async () => {
    const tenantId = await tenant();
    const id = await agent(tenantId, { capacity: { chat: 1, email: 1 } });
    const chat = await escalate(tenantId);
    const chat2 = await escalate(tenantId);
    const email = await escalate(tenantId, { channel: 'email' });
    await assignment.dispatch(tenantId);
    expect(await statusOf(tenantId, chat)).toMatchObject({
      status: 'offered',
      agentId: id,
      media: 'chat',
    });
    expect((await statusOf(tenantId, chat2)).status).toBe('queued');
    expect(await statusOf(tenantId, email)).toMatchObject({
      status: 'offered',
      agentId: id,
      media: 'email',
    });
    const [listed] = await agents.list(tenantId);
    expect(listed?.load).toEqual({ chat: 1, email: 1, call: 0 });
  });

  it("orders waiting work by priority plus the queue's boost, then waiting time", async () => {
    const tenantId = await tenant();
    await queues.create(tenantId, {
      name: 'vip',
      skills: {},
      priority: 2,
      slaSeconds: 30,
      overflow: [],
      hours: null,
      teamId: null,
    });
    const high = await escalate(tenantId, { priority: 'high' });
    const vipNormal = await escalate(tenantId, { queue: 'vip' });
    await agent(tenantId, { capacity: { chat: 1 } });
    expect((await statusOf(tenantId, vipNormal)).status).toBe('offered'); // normal 1 + 2 > high 2
    expect((await statusOf(tenantId, high)).status).toBe('queued');
    const queued = (await outbox('conversation.queued')).find(
      (event) => event.aggregateId === vipNormal,
    );
    expect(queued?.payload).toMatchObject({ queue: 'vip', slaSeconds: 30 });
  });

  it('a queue closed by its hours is not offered; its wait and conversation.queued say when it opens', async () => {
    const tenantId = await tenant();
    await queues.create(tenantId, {
      name: 'weekend',
      skills: {},
      priority: 0,
      slaSeconds: 120,
      overflow: [],
      // Open only on 1 January 2100: closed now, and no opening within 14 days.
      hours: {
        timezone: 'UTC',
        weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        exceptions: [{ date: '2100-01-01', hours: [['09:00', '17:00']] }],
      },
      teamId: null,
    });
    const id = await escalate(tenantId, { queue: 'weekend' });
    await agent(tenantId);
    expect((await statusOf(tenantId, id)).status).toBe('queued');
    expect(await waiting.waitOf(tenantId, id)).toMatchObject({ opensAt: null, slaSeconds: 120 });
    const [view] = await queues.list(tenantId);
    expect(view).toMatchObject({
      name: 'weekend',
      defined: true,
      figures: { waiting: 1, open: false },
    });
  });

  it('lists defined queues and undefined ones with waiting work, with SLA figures', async () => {
    const tenantId = await tenant();
    const id = await escalate(tenantId, { queue: 'nobody-defined-it' });
    await dataSource.query(
      `UPDATE conversations SET queued_at = now() - interval '100 seconds' WHERE id = $1`,
      [id],
    );
    const [view] = await queues.list(tenantId);
    expect(view).toMatchObject({
      name: 'nobody-defined-it',
      defined: false,
      slaSeconds: 120,
      figures: { waiting: 1, offered: 0, slaAtRisk: 1, slaBreached: 0, open: true, opensAt: null },
    });
    expect(view?.figures.longestWaitSeconds).toBeGreaterThanOrEqual(100);
  });

  it("a team's queue goes to its team only; a team in use by a queue cannot be deleted", async () => {
    const tenantId = await tenant();
    const team = await teams.create(tenantId, 'Billing');
    expect(await problem(teams.create(tenantId, 'Billing'))).toEqual({
      status: 409,
      code: 'DESK.TEAM_NAME_TAKEN',
    });
    await queues.create(tenantId, {
      name: 'billing',
      skills: { billing: 2 },
      priority: 0,
      slaSeconds: 120,
      overflow: [],
      hours: null,
      teamId: team.id,
    });
    const outsider = await agent(tenantId, { skills: { billing: 5 } });
    const member = await agent(tenantId, { skills: { billing: 2 }, teamId: team.id });
    const id = await escalate(tenantId, { queue: 'billing' });
    await assignment.dispatch(tenantId);
    expect((await statusOf(tenantId, id)).agentId).toBe(member);
    expect(outsider).not.toBe(member);
    expect(await problem(teams.remove(tenantId, team.id))).toEqual({
      status: 409,
      code: 'DESK.TEAM_IN_USE',
    });
  });

  it('a deactivated agent cannot log in, loses pending offers and goes offline', async () => {
    const tenantId = await tenant();
    const view = await agents.create(tenantId, {
      email: 'leaver@desk.test',
      name: 'Leaver',
      role: 'agent',
      password: 'a long enough password',
      teamId: null,
      skills: {},
      languages: ['en'],
      capacity: { chat: 2 },
    });
    const session = await auth.login({
      tenant: tenantId,
      email: 'leaver@desk.test',
      password: 'a long enough password',
    });
    expect(session.agent).toMatchObject({ id: view.id, active: true, capacity: { chat: 2 } });
    await agents.setPresence(tenantId, view.id, { status: 'online' }, 'agent');
    const id = await escalate(tenantId);
    await assignment.dispatch(tenantId);
    expect((await statusOf(tenantId, id)).agentId).toBe(view.id);
    const admin = randomUUID();
    const after = await agents.setActive(tenantId, view.id, false, admin);
    expect(after).toMatchObject({ active: false, presence: 'offline' });
    expect((await statusOf(tenantId, id)).status).toBe('queued');
    expect(
      await problem(
        auth.login({
          tenant: tenantId,
          email: 'leaver@desk.test',
          password: 'a long enough password',
        }),
      ),
    ).toEqual({ status: 403, code: 'AUTH.ACCOUNT_DISABLED' });
    expect(await problem(auth.refresh(session.refreshToken))).toEqual({
      status: 403,
      code: 'AUTH.ACCOUNT_DISABLED',
    });
    // A wrong password still says only that the credentials are wrong.
    expect(
      await problem(
        auth.login({ tenant: tenantId, email: 'leaver@desk.test', password: 'wrong password!' }),
      ),
    ).toEqual({
      status: 401,
      code: 'AUTH.INVALID_CREDENTIALS',
    });
    expect(
      await problem(agents.setPresence(tenantId, view.id, { status: 'online' }, 'agent')),
    ).toEqual({
      status: 409,
      code: 'DESK.AGENT_INACTIVE',
    });
    // An admin resets the password and reactivates: the new password works.
    await agents.resetPassword(tenantId, view.id, 'another long password');
    await agents.setActive(tenantId, view.id, true, admin);
    await expect(
      auth.login({
        tenant: tenantId,
        email: 'leaver@desk.test',
        password: 'another long password',
      }),
    ).resolves.toMatchObject({ agent: { active: true } });
  });

  it('pages through more than a page of waiting work (microsecond times) without offering one twice', async () => {
    const tenantId = await tenant();
    await dataSource.query(
      `INSERT INTO conversations (id, tenant_id, status, queue, priority, priority_rank, skills, handoff, queued_at, media)
       SELECT $1 || '-' || g, $1, 'queued', 'general', 'normal', 1, '{lang:en}', '{}'::jsonb,
              now() - make_interval(secs => g * 0.000777), 'chat'
         FROM generate_series(1, 1200) g`,
      [tenantId],
    );
    // Seats for 1,100 chats: going online offers them in one run, reading three pages of 500.
    await agent(tenantId, { capacity: { chat: 1_100 } });
    expect(await assignment.dispatch(tenantId)).toBe(0);
    const [row]: { offers: string; conversations: string; oldest: boolean }[] =
      await dataSource.query(
        `SELECT count(*) AS offers, count(DISTINCT conversation_id) AS conversations,
              bool_and(c.queued_at <= (SELECT min(queued_at) FROM conversations WHERE tenant_id = $1 AND status = 'queued')) AS oldest
         FROM offers o JOIN conversations c ON c.id = o.conversation_id WHERE o.tenant_id = $1`,
        [tenantId],
      );
    // One offer each, and the 100 left waiting are the youngest.
    expect(row).toEqual({ offers: '1100', conversations: '1100', oldest: true });
  });

  it('a preferred agent alone may get it until the preference ends', async () => {
    const tenantId = await tenant();
    const preferred = await agent(tenantId, { capacity: { chat: 1 } });
    const other = await agent(tenantId, { capacity: { chat: 1 } });
    const busyWith = await escalate(tenantId);
    await assignment.dispatch(tenantId);
    const holder = (await statusOf(tenantId, busyWith)).agentId;
    expect([preferred, other]).toContain(holder);
    const free = holder === preferred ? other : preferred;
    const full = holder!;
    const id = await escalate(tenantId);
    const until = new Date(Date.now() + 60_000);
    await dataSource.query(
      `UPDATE conversations SET preferred_agent_id = $2, preferred_until = $3, status = 'queued', agent_id = NULL WHERE id = $1`,
      [id, full, until],
    );
    await dataSource.query(
      `UPDATE offers SET status = 'expired' WHERE conversation_id = $1 AND status = 'pending'`,
      [id],
    );
    await assignment.dispatch(tenantId);
    expect((await statusOf(tenantId, id)).status).toBe('queued'); // the free agent may not have it
    await assignment.dispatch(tenantId, new Date(until.getTime() + 1));
    expect(await statusOf(tenantId, id)).toMatchObject({ status: 'offered', agentId: free });
  });
});
