import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

const run = promisify(execFile);

interface Report {
  conversations: number;
  actual: { escalated: number; reasons: Record<string, number> };
  candidate: { escalated: number; reasons: Record<string, number> };
  timing: { both: number; earlier: number; same: number; meanTurnsEarlier: number | null };
  changed: { newlyEscalated: number; notEscalated: number };
}
interface Job {
  id: string;
  status: string;
  policyVersion: number;
  progress: { read: number; total: number };
  report: Report | null;
}

/**
 * Policy replay against the real log: three conversations the router decided on, a candidate
 * that escalates after one deferral instead of two, through the API and the CLI; nothing is
 * published while replaying.
 */
describe('replaying a candidate policy', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot', 'router']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  const candidate = { deferrals: { consecutive: 1 } };

  async function conversation(...texts: string[]): Promise<string> {
    const customer = uniqueId('customer-');
    let conversationId = '';
    for (const text of texts) {
      const response = await platform.customerSays(customer, text);
      conversationId = ((await response.json()) as { conversationId: string }).conversationId;
      // One message at a time: the bot has answered or deferred before the next.
      await eventually(() => {
        const handled =
          platform.eventsOf('bot.replied', conversationId).length +
          platform.eventsOf('bot.deferred', conversationId).length;
        expect(handled).toBeGreaterThanOrEqual(texts.indexOf(text) + 1);
      });
    }
    return conversationId;
  }

  it('reports how the candidate would have decided, through the API, without publishing anything', async () => {
    const asked = await conversation('转人工');
    const confused = await conversation('flibber quantum gnarl?', 'zorp wibble frobnicate?');
    await conversation('When will my card arrive?');
    await eventually(() => {
      expect(platform.eventsOf('escalation.decided', asked)).toHaveLength(1);
      expect(platform.eventsOf('escalation.decided', confused)).toHaveLength(1);
    });
    const decided = platform.eventsOf('escalation.decided').length;

    const supervisor = platform.tokenAs('supervisor');
    const requested = await platform.call<Job>('router', 'POST', '/v1/replays', supervisor, {
      policy: candidate,
    });
    expect(requested).toMatchObject({ status: 202, body: { policyVersion: 0 } });
    const done = await eventually(async () => {
      const job = await platform.call<Job>(
        'router',
        'GET',
        `/v1/replays/${requested.body.id}`,
        supervisor,
      );
      expect(job.body.status).toBe('done');
      return job.body;
    });
    expect(done.report).toMatchObject({
      conversations: 3,
      actual: { escalated: 2, reasons: { EXPLICIT_REQUEST: 1, BOT_DEFERRED: 1 } },
      candidate: { escalated: 2, reasons: { EXPLICIT_REQUEST: 1, BOT_DEFERRED: 1 } },
      timing: { both: 2, earlier: 1, same: 1, meanTurnsEarlier: 0.5 },
      changed: { newlyEscalated: 0, notEscalated: 0 },
    });
    expect(done.progress.read).toBe(done.progress.total);
    // A replay reads only: no decision joins the log.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.eventsOf('escalation.decided')).toHaveLength(decided);

    // The current policy replayed is the log itself: same decisions at the same turns.
    const current = await platform.call<Job>('router', 'POST', '/v1/replays', supervisor, {});
    const same = await eventually(async () => {
      const job = await platform.call<Job>(
        'router',
        'GET',
        `/v1/replays/${current.body.id}`,
        supervisor,
      );
      expect(job.body.status).toBe('done');
      return job.body;
    });
    expect(same).toMatchObject({ policyVersion: 1, report: { timing: { both: 2, same: 2 } } });
  });

  it('validates the candidate, and keeps replays to supervisors of the tenant', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const bad = await platform.call<{ code: string }>('router', 'POST', '/v1/replays', supervisor, {
      policy: { turns: { max: 0 } },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'ROUTER.INVALID_REPLAY' } });
    const both = await platform.call('router', 'POST', '/v1/replays', supervisor, {
      policy: {},
      version: 1,
    });
    expect(both.status).toBe(400);
    const agent = await platform.call(
      'router',
      'POST',
      '/v1/replays',
      platform.tokenAs('agent'),
      {},
    );
    expect(agent.status).toBe(403);
    const unknown = await platform.call<{ code: string }>(
      'router',
      'GET',
      '/v1/replays/00000000-0000-4000-8000-000000000000',
      supervisor,
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ROUTER.REPLAY_NOT_FOUND' } });
  });

  it('the CLI gives the same report', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'candidate.json');
    writeFileSync(file, JSON.stringify(candidate));
    const { stdout } = await run(
      process.execPath,
      ['dist/scripts/replay.js', '--tenant', platform.tenantId, '--policy', file, '--json'],
      { env: { ...process.env, ...platform.appEnv() } },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      tenantId: platform.tenantId,
      policyVersion: 0,
      conversations: 3,
      timing: { both: 2, earlier: 1, same: 1 },
    });
  });
});
