/**
 * What happens to an agent whose last realtime socket went at `disconnectedAt` and who has
 * not reconnected: nothing yet within the tenant's grace; after it, an agent who was taking
 * work (online or busy) becomes away, and whatever they had been offered goes back to the
 * queue. An agent already away or offline only has their offers released.
 */
export type GraceOutcome = 'wait' | 'away' | 'release';

const TAKING_WORK = new Set(['online', 'busy']);

export function decideGrace(
  agent: { presence: string; disconnectedAt: Date },
  graceSeconds: number,
  now: Date,
): GraceOutcome {
  if (now.getTime() - agent.disconnectedAt.getTime() < graceSeconds * 1_000) return 'wait';
  return TAKING_WORK.has(agent.presence) ? 'away' : 'release';
}
