// The presence switch's choices: one value per state, busy once per tenant busy state.
import type { Me, Presence } from './types';

const STATUSES: readonly string[] = ['online', 'away', 'busy', 'offline'];

/** The option value for the agent's current presence (`busy:<state>` while busy). */
export function presenceValue(me: Pick<Me, 'presence' | 'busyState'>): string {
  return me.presence === 'busy' && me.busyState ? `busy:${me.busyState}` : me.presence;
}

/** The body of PUT /v1/agents/me/presence for an option value (null: not a presence). */
export function presenceBody(value: string): { status: Presence; busyState?: string } | null {
  const split = value.indexOf(':');
  const status = split < 0 ? value : value.slice(0, split);
  if (!STATUSES.includes(status)) return null;
  const busyState = split < 0 ? '' : value.slice(split + 1);
  if (status === 'busy') return busyState ? { status, busyState } : null;
  return { status: status as Presence };
}
