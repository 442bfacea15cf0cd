import { Client } from 'pg';
import { eventually } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface AgentBody {
  id: string;
  presence: string;
}

/** Schedules through the running desk: roles, validation, the agent's own view, coverage and the shift-end sweep. */
describe('agent schedules', () => {
  const platform = new PlatformUnderTest({ SCHEDULE_SWEEP_MS: '300' }, ['agent-desk'], {
    tap: false,
  });
  let agentToken = '';
  let supervisorToken = '';
  let agentId = '';

  beforeAll(async () => {
    await platform.start();
    agentToken = await platform.login('alice@demo.test');
    supervisorToken = await platform.login('sam@demo.test');
    agentId = (await platform.call<AgentBody>('agent-desk', 'GET', '/v1/agents/me', agentToken))
      .body.id;
  }, 120_000);
  afterAll(() => platform.stop());

  const allWeek = (hours: [string, string][]) =>
    Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, hours]),
    );

  it('a supervisor plans a shift; an agent may read only their own, and sees whether they are on shift', async () => {
    const schedule = {
      employment: 'remote',
      shifts: { timezone: 'UTC', weekly: allWeek([['00:00', '24:00']]), exceptions: [] },
    };
    const path = `/v1/agents/${agentId}/schedule`;
    expect((await platform.call('agent-desk', 'PUT', path, agentToken, schedule)).status).toBe(403);
    expect((await platform.call('agent-desk', 'GET', path, agentToken)).status).toBe(403);
    expect(
      await platform.call('agent-desk', 'GET', '/v1/agents/me/schedule', agentToken),
    ).toMatchObject({ status: 404, body: { code: 'DESK.SCHEDULE_NOT_FOUND' } });

    const invalid = await platform.call('agent-desk', 'PUT', path, supervisorToken, {
      employment: 'contractor',
      shifts: { timezone: 'Mars/Base', weekly: {} },
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_SCHEDULE' } });

    const written = await platform.call('agent-desk', 'PUT', path, supervisorToken, schedule);
    expect(written).toMatchObject({ status: 200, body: { agentId, employment: 'remote' } });
    expect(await platform.call('agent-desk', 'GET', path, supervisorToken)).toEqual(written);

    const mine = await platform.call('agent-desk', 'GET', '/v1/agents/me/schedule', agentToken);
    expect(mine).toMatchObject({
      status: 200,
      body: {
        agentId,
        employment: 'remote',
        onShiftNow: true,
        currentShiftEndsAt: null,
        nextShiftStartsAt: null,
      },
    });
  });

  it('coverage: at most 14 days, and the scheduled agents per step', async () => {
    const from = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const to = new Date(from.getTime() + 3 * 3_600_000);
    const tooLong = await platform.call(
      'agent-desk',
      'GET',
      `/v1/schedules/coverage?from=${from.toISOString()}&to=${new Date(from.getTime() + 15 * 86_400_000).toISOString()}`,
      supervisorToken,
    );
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'DESK.INVALID_COVERAGE_QUERY' } });
    const query = `from=${from.toISOString()}&to=${to.toISOString()}&stepMinutes=60`;
    expect(
      (await platform.call('agent-desk', 'GET', `/v1/schedules/coverage?${query}`, agentToken))
        .status,
    ).toBe(403);
    const coverage = await platform.call<{ steps: { scheduled: number; agentIds: string[] }[] }>(
      'agent-desk',
      'GET',
      `/v1/schedules/coverage?${query}&language=zh`,
      supervisorToken,
    );
    expect(coverage.status).toBe(200);
    expect(coverage.body.steps.map((step) => step.agentIds)).toEqual([
      [agentId],
      [agentId],
      [agentId],
    ]);
    const french = await platform.call<{ steps: { scheduled: number }[] }>(
      'agent-desk',
      'GET',
      `/v1/schedules/coverage?${query}&language=fr`,
      supervisorToken,
    );
    expect(french.body.steps.map((step) => step.scheduled)).toEqual([0, 0, 0]);
  });

  it('an agent still online 15 minutes after their shift ended is set away; one without a schedule stays', async () => {
    const bobToken = await platform.login('bob@demo.test');
    for (const token of [agentToken, bobToken])
      expect(
        (
          await platform.call('agent-desk', 'PUT', '/v1/agents/me/presence', token, {
            status: 'online',
          })
        ).status,
      ).toBe(200);
    // A shift that ended 30 minutes ago (UTC), and the agent online since an hour before that.
    const end = new Date(Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000);
    const endClock = end.toISOString().slice(11, 16);
    const exception =
      endClock === '00:00'
        ? {
            date: new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10),
            hours: [['00:00', '24:00']],
          }
        : { date: end.toISOString().slice(0, 10), hours: [['00:00', endClock]] };
    const written = await platform.call(
      'agent-desk',
      'PUT',
      `/v1/agents/${agentId}/schedule`,
      supervisorToken,
      {
        employment: 'full_time',
        shifts: { timezone: 'UTC', weekly: {}, exceptions: [exception] },
      },
    );
    expect(written.status).toBe(200);
    // Time cannot be moved in a running desk: the agent's presence is dated back instead.
    const client = new Client({ connectionString: platform.databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE desk.agents SET presence_at = $1 WHERE id = $2`, [
        new Date(end.getTime() - 3_600_000),
        agentId,
      ]);
    } finally {
      await client.end();
    }

    await eventually(
      async () => {
        const me = await platform.call<AgentBody>('agent-desk', 'GET', '/v1/agents/me', agentToken);
        expect(me.body.presence).toBe('away');
      },
      { timeoutMs: 15_000 },
    );
    const bob = await platform.call<AgentBody>('agent-desk', 'GET', '/v1/agents/me', bobToken);
    expect(bob.body.presence).toBe('online');
  });
});
