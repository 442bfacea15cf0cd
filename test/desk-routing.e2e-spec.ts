import { eventually } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Problem {
  code: string;
}
interface AgentBody {
  id: string;
  presence: string;
  busyState: string | null;
  active: boolean;
  capacity: Record<string, number>;
}

/**
 * The desk's seats and queues through the running desk: admins define teams, queues and
 * agents; supervisors watch; an agent sets a busy state; a deactivated agent is shut out.
 */
describe('desk routing administration', () => {
  const platform = new PlatformUnderTest();
  let admin = '';
  let supervisor = '';
  let teamId = '';
  let newAgent: AgentBody;
  let newAgentToken = '';
  const password = 'a long enough password';

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login('admin@demo.test');
    supervisor = await platform.login('sam@demo.test');
  }, 120_000);
  afterAll(() => platform.stop());

  const login = (email: string, secret: string) =>
    fetch(`${platform.url('agent-desk')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: platform.tenantId, email, password: secret }),
    });

  it('admins define teams and queues; agents may not; supervisors read them', async () => {
    const agent = await platform.login('alice@demo.test');
    const refused = await platform.call<Problem>('agent-desk', 'POST', '/v1/queues', agent, {
      name: 'billing',
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });

    const team = await platform.call<{ id: string }>('agent-desk', 'POST', '/v1/teams', admin, {
      name: 'Billing',
    });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    expect(
      await platform.call('agent-desk', 'POST', '/v1/teams', admin, { name: 'Billing' }),
    ).toMatchObject({ status: 409, body: { code: 'DESK.TEAM_NAME_TAKEN' } });

    expect(
      await platform.call('agent-desk', 'POST', '/v1/queues', admin, {
        name: 'billing',
        overflow: [{ afterSeconds: 30 }],
      }),
    ).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_QUEUE' } });
    const queue = await platform.call('agent-desk', 'POST', '/v1/queues', admin, {
      name: 'billing',
      skills: { billing: 2 },
      slaSeconds: 60,
      overflow: [{ afterSeconds: 120, lowerSkillLevelsBy: 1 }],
      teamId,
    });
    expect(queue).toMatchObject({
      status: 201,
      body: { name: 'billing', defined: true, teamId, figures: { waiting: 0, open: true } },
    });
    const listed = await platform.call<{ queues: { name: string }[] }>(
      'agent-desk',
      'GET',
      '/v1/queues',
      supervisor,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.queues.map((row) => row.name)).toContain('billing');
  });

  it('an admin creates an agent, who logs in and takes a busy state the tenant knows', async () => {
    expect(
      await platform.call('agent-desk', 'POST', '/v1/agents', admin, {
        email: 'weak@demo.test',
        name: 'Weak',
        password: 'short',
      }),
    ).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_AGENT' } });
    const created = await platform.call<AgentBody>('agent-desk', 'POST', '/v1/agents', admin, {
      email: 'Nora@Demo.test',
      name: 'Nora',
      password,
      teamId,
      skills: { billing: 3 },
      languages: ['en'],
      capacity: { chat: 2, email: 4 },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { presence: 'offline', active: true, capacity: { chat: 2, email: 4 } },
    });
    newAgent = created.body;
    const session = await login('nora@demo.test', password);
    expect(session.status).toBe(200);
    newAgentToken = ((await session.json()) as { accessToken: string }).accessToken;

    expect(
      await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', newAgentToken, {
        status: 'busy',
        busyState: 'napping',
      }),
    ).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_BUSY_STATE' } });
    expect(
      await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', newAgentToken, {
        status: 'busy',
        busyState: 'lunch',
      }),
    ).toMatchObject({ status: 200, body: { presence: 'busy', busyState: 'lunch' } });
    await eventually(() =>
      expect(
        platform.eventsOf('agent.presence_changed', newAgent.id).map((event) => event.payload),
      ).toEqual([{ agentId: newAgent.id, presence: 'busy', busyState: 'lunch', cause: 'agent' }]),
    );

    const board = await platform.call<{ agents: (AgentBody & { load: unknown })[] }>(
      'agent-desk',
      'GET',
      '/v1/agents',
      supervisor,
    );
    expect(board.body.agents.find((row) => row.id === newAgent.id)).toMatchObject({
      presence: 'busy',
      busyState: 'lunch',
      load: { chat: 0, email: 0, call: 0 },
    });
  });

  it('a deactivated agent cannot log in or use a token still in hand; nobody deactivates themselves', async () => {
    const me = await platform.call<AgentBody>('agent-desk', 'GET', '/v1/agents/me', admin);
    expect(
      await platform.call('agent-desk', 'POST', `/v1/agents/${me.body.id}/deactivate`, admin),
    ).toMatchObject({ status: 409, body: { code: 'DESK.CANNOT_DEACTIVATE_SELF' } });
    expect(
      await platform.call('agent-desk', 'POST', `/v1/agents/${newAgent.id}/deactivate`, admin),
    ).toMatchObject({ status: 200, body: { active: false, presence: 'offline' } });
    const refused = await login('nora@demo.test', password);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).code).toBe('AUTH.ACCOUNT_DISABLED');
    expect(await platform.call('agent-desk', 'GET', '/v1/agents/me', newAgentToken)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.ACCOUNT_DISABLED' },
    });
  });
});
