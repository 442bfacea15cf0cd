// The live board's pure part: queue rows (REST figures, then `queue` socket events), the
// SLA state of the longest wait, agents' presence and load.
import type { DeskAgent, Media, Presence, QueueView } from './types';

export interface QueueRow {
  name: string;
  slaSeconds: number;
  /** Conversations queued or on offer, not yet accepted. */
  waiting: number;
  /** The longest wait as known at `measuredAt` (null: nothing waits). */
  longestWaitSeconds: number | null;
  measuredAt: number;
  slaAtRisk: number | null;
  slaBreached: number | null;
  open: boolean;
}

/** The default SLA target of an undefined queue (docs/desk/kpis.md: 120 s). */
export const DEFAULT_SLA_SECONDS = 120;

export function queueRows(queues: QueueView[], now: number): QueueRow[] {
  return queues
    .map((queue) => ({
      name: queue.name,
      slaSeconds: queue.slaSeconds,
      waiting: queue.figures.waiting + queue.figures.offered,
      longestWaitSeconds: queue.figures.longestWaitSeconds,
      measuredAt: now,
      slaAtRisk: queue.figures.slaAtRisk,
      slaBreached: queue.figures.slaBreached,
      open: queue.figures.open,
    }))
    .sort(byName);
}

export interface QueueEvent {
  queue: string;
  waiting: number;
  longestWaitSeconds: number | null;
  at: string;
}

/** A `queue` socket event carries the latest waiting figures of one queue. */
export function applyQueueEvent(rows: QueueRow[], event: QueueEvent): QueueRow[] {
  const measuredAt = Date.parse(event.at);
  const existing = rows.find((row) => row.name === event.queue);
  if (existing && existing.measuredAt > measuredAt) return rows;
  const next: QueueRow = {
    ...(existing ?? {
      name: event.queue,
      slaSeconds: DEFAULT_SLA_SECONDS,
      slaAtRisk: null,
      slaBreached: null,
      open: true,
    }),
    waiting: event.waiting,
    longestWaitSeconds: event.waiting > 0 ? event.longestWaitSeconds : null,
    measuredAt: Number.isNaN(measuredAt) ? Date.now() : measuredAt,
  };
  return [...rows.filter((row) => row.name !== event.queue), next].sort(byName);
}

/** The longest wait now, ticking from when it was measured. */
export function longestWaitNow(row: QueueRow, now: number): number | null {
  if (row.longestWaitSeconds === null || row.waiting === 0) return null;
  return row.longestWaitSeconds + Math.max(0, (now - row.measuredAt) / 1000);
}

export type SlaState = 'ok' | 'risk' | 'breached' | 'idle';

/** Warn at 80 % of the target, bad once over it. */
export function slaState(waitSeconds: number | null, slaSeconds: number): SlaState {
  if (waitSeconds === null) return 'idle';
  if (waitSeconds > slaSeconds) return 'breached';
  if (waitSeconds >= 0.8 * slaSeconds) return 'risk';
  return 'ok';
}

export interface PresenceEvent {
  agentId: string;
  presence: Presence;
  busyState: string | null;
  at: string;
}

export function applyPresenceEvent(agents: DeskAgent[], event: PresenceEvent): DeskAgent[] {
  return agents.map((agent) =>
    agent.id === event.agentId && Date.parse(agent.presenceAt) <= Date.parse(event.at)
      ? { ...agent, presence: event.presence, busyState: event.busyState, presenceAt: event.at }
      : agent,
  );
}

export interface LoadCell {
  media: Media;
  load: number;
  capacity: number;
  /** load / capacity, 0..1+ (null when the agent takes none of this media). */
  ratio: number | null;
}

const MEDIA: Media[] = ['chat', 'email', 'call'];

/** Each media the agent can take or holds work in. */
export function loadCells(agent: Pick<DeskAgent, 'load' | 'capacity'>): LoadCell[] {
  return MEDIA.map((media) => {
    const capacity = agent.capacity[media] ?? 0;
    const load = agent.load[media] ?? 0;
    return { media, load, capacity, ratio: capacity > 0 ? load / capacity : null };
  }).filter((cell) => cell.capacity > 0 || cell.load > 0);
}

const PRESENCE_ORDER: Record<Presence, number> = { online: 0, busy: 1, away: 2, offline: 3 };

/** Working agents first (online, busy, away, offline), then by name; deactivated left out. */
export function sortAgents(agents: DeskAgent[]): DeskAgent[] {
  return agents
    .filter((agent) => agent.active)
    .sort(
      (a, b) =>
        PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence] || a.name.localeCompare(b.name),
    );
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
