import {
  applyPresenceEvent,
  applyQueueEvent,
  loadCells,
  longestWaitNow,
  queueRows,
  slaState,
  sortAgents,
} from './live-model';
import type { DeskAgent, QueueView } from './types';

const t0 = Date.parse('2026-12-01T10:00:00.000Z');

const queue = (name: string, waiting: number, longest: number | null): QueueView => ({
  name,
  slaSeconds: 60,
  defined: true,
  figures: {
    waiting,
    offered: 1,
    longestWaitSeconds: longest,
    slaAtRisk: 0,
    slaBreached: 0,
    open: true,
    opensAt: null,
  },
});

const agent = (id: string, name: string, extra: Partial<DeskAgent> = {}): DeskAgent => ({
  id,
  name,
  email: `${id}@demo.test`,
  role: 'agent',
  capacity: { chat: 3 },
  presence: 'online',
  busyState: null,
  active: true,
  load: { chat: 0, email: 0, call: 0 },
  presenceAt: '2026-12-01T09:00:00.000Z',
  ...extra,
});

describe('the live queues', () => {
  it('count queued and offered conversations as waiting, sorted by name', () => {
    const rows = queueRows([queue('vip', 2, 30), queue('general', 0, null)], t0);
    expect(rows.map((row) => [row.name, row.waiting])).toEqual([
      ['general', 1],
      ['vip', 3],
    ]);
  });

  it('take the latest figures from a queue event, adding a queue never seen', () => {
    const rows = queueRows([queue('general', 1, 10)], t0);
    const next = applyQueueEvent(rows, {
      queue: 'billing',
      waiting: 2,
      longestWaitSeconds: 5,
      at: '2026-12-01T10:00:01.000Z',
    });
    expect(next.map((row) => row.name)).toEqual(['billing', 'general']);
    expect(next[0]).toMatchObject({ waiting: 2, longestWaitSeconds: 5, slaSeconds: 120 });
    const emptied = applyQueueEvent(next, {
      queue: 'general',
      waiting: 0,
      longestWaitSeconds: 40,
      at: '2026-12-01T10:00:02.000Z',
    });
    expect(emptied[1]).toMatchObject({ waiting: 0, longestWaitSeconds: null, slaSeconds: 60 });
  });

  it('ignore an event older than what is shown', () => {
    const rows = queueRows([queue('general', 1, 10)], t0);
    const stale = applyQueueEvent(rows, {
      queue: 'general',
      waiting: 9,
      longestWaitSeconds: 99,
      at: '2026-12-01T09:59:00.000Z',
    });
    expect(stale).toBe(rows);
  });

  it('tick the longest wait from when it was measured', () => {
    const [row] = queueRows([queue('general', 1, 10)], t0);
    expect(longestWaitNow(row!, t0 + 5_000)).toBe(15);
    const [idle] = queueRows(
      [{ ...queue('general', 0, null), figures: { ...queue('g', 0, null).figures, offered: 0 } }],
      t0,
    );
    expect(longestWaitNow(idle!, t0 + 5_000)).toBeNull();
  });

  it.each([
    [null, 'idle'],
    [0, 'ok'],
    [95, 'ok'],
    [96, 'risk'],
    [120, 'risk'],
    [120.5, 'breached'],
  ] as const)('a longest wait of %p s against a 120 s target is %s', (wait, state) => {
    expect(slaState(wait, 120)).toBe(state);
  });
});

describe('the agents', () => {
  it('change presence on a newer presence event only', () => {
    const agents = [agent('a', 'Alice'), agent('b', 'Bob')];
    const busy = applyPresenceEvent(agents, {
      agentId: 'a',
      presence: 'busy',
      busyState: 'lunch',
      at: '2026-12-01T09:30:00.000Z',
    });
    expect(busy[0]).toMatchObject({ presence: 'busy', busyState: 'lunch' });
    expect(busy[1]).toBe(agents[1]);
    const older = applyPresenceEvent(busy, {
      agentId: 'a',
      presence: 'offline',
      busyState: null,
      at: '2026-12-01T09:10:00.000Z',
    });
    expect(older[0]!.presence).toBe('busy');
  });

  it('show the load of each media the agent takes or holds', () => {
    expect(
      loadCells({ capacity: { chat: 4, email: 0 }, load: { chat: 2, email: 1, call: 0 } }),
    ).toEqual([
      { media: 'chat', load: 2, capacity: 4, ratio: 0.5 },
      { media: 'email', load: 1, capacity: 0, ratio: null },
    ]);
  });

  it('list working agents first, then by name, without deactivated ones', () => {
    const sorted = sortAgents([
      agent('z', 'Zoe', { presence: 'offline' }),
      agent('b', 'Bob', { presence: 'away' }),
      agent('c', 'Cat', { presence: 'online' }),
      agent('a', 'Amy', { presence: 'online' }),
      agent('x', 'Xi', { active: false }),
    ]);
    expect(sorted.map((a) => a.name)).toEqual(['Amy', 'Cat', 'Bob', 'Zoe']);
  });
});
