import { openStretches } from '../calendar/weekly-hours';
import type { AgentSchedule, ShiftStatus } from './agent-schedule';

const DAY_MS = 86_400_000;
/** How far ahead the next shift is looked for. */
export const NEXT_SHIFT_HORIZON_DAYS = 14;
/** How far back a shift's end still sends a forgotten online agent away. */
export const SHIFT_END_LOOKBACK_DAYS = 7;

/** Pure: whether the agent is scheduled to work at `now`. */
export function onShift(schedule: AgentSchedule, now: Date): boolean {
  return openStretches(schedule.shifts, now, new Date(now.getTime() + 1)).length > 0;
}

/** Pure: on shift now or not, when the current shift ends and when the next one starts. */
export function shiftStatus(schedule: AgentSchedule, now: Date): ShiftStatus {
  const horizon = new Date(now.getTime() + NEXT_SHIFT_HORIZON_DAYS * DAY_MS);
  const stretches = openStretches(schedule.shifts, now, horizon);
  const current = stretches.find((stretch) => stretch.start <= now && now < stretch.end);
  const next = stretches.find((stretch) => stretch.start > now);
  return {
    onShiftNow: current !== undefined,
    // A shift that runs on past the horizon has no end we can name.
    currentShiftEndsAt: current && current.end < horizon ? current.end.toISOString() : null,
    nextShiftStartsAt: next ? next.start.toISOString() : null,
  };
}

/** Pure: when the agent's last shift ended at or before `now`; null while on shift or none lately. */
export function lastShiftEnd(schedule: AgentSchedule, now: Date): Date | null {
  const stretches = openStretches(
    schedule.shifts,
    new Date(now.getTime() - SHIFT_END_LOOKBACK_DAYS * DAY_MS),
    new Date(now.getTime() + 1),
  );
  const last = stretches[stretches.length - 1];
  if (!last || last.end > now) return null;
  return last.end;
}

export interface OnlineAgent {
  presence: string;
  /** When the presence was last set. */
  presenceAt: Date;
}

/**
 * Pure: an online agent is sent away when the shift they were online for ended more than the
 * grace ago. An agent who went online after their shift ended (overtime they chose) is left
 * alone until the end of a later shift.
 */
export function shouldEndShift(
  schedule: AgentSchedule,
  agent: OnlineAgent,
  now: Date,
  graceMinutes: number,
): boolean {
  if (agent.presence !== 'online') return false;
  const ended = lastShiftEnd(schedule, now);
  if (ended === null || agent.presenceAt >= ended) return false;
  return now.getTime() - ended.getTime() > graceMinutes * 60_000;
}
