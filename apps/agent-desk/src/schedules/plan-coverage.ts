import { openStretches } from '../calendar/weekly-hours';
import type { AgentSchedule, CoverageStep } from './agent-schedule';

export interface ScheduledAgent {
  agentId: string;
  schedule: AgentSchedule;
}

export interface CoverageWindow {
  from: Date;
  to: Date;
  stepMinutes: number;
}

/**
 * Pure: for each step of the window, the agents scheduled for at least part of it and the
 * agent-minutes scheduled in it. The last step ends at `to` even when that cuts it short.
 */
export function planCoverage(
  agents: readonly ScheduledAgent[],
  window: CoverageWindow,
): CoverageStep[] {
  const stepMs = window.stepMinutes * 60_000;
  const from = window.from.getTime();
  const to = window.to.getTime();
  const steps: { from: number; to: number; agentIds: string[]; staffedMs: number }[] = [];
  for (let start = from; start < to; start += stepMs)
    steps.push({ from: start, to: Math.min(start + stepMs, to), agentIds: [], staffedMs: 0 });
  for (const { agentId, schedule } of agents) {
    for (const stretch of openStretches(schedule.shifts, window.from, window.to)) {
      const start = Math.max(stretch.start.getTime(), from);
      const end = Math.min(stretch.end.getTime(), to);
      for (let index = Math.floor((start - from) / stepMs); index < steps.length; index++) {
        const step = steps[index]!;
        if (step.from >= end) break;
        const overlap = Math.min(end, step.to) - Math.max(start, step.from);
        if (overlap <= 0) continue;
        // Stretches of one agent never overlap (they are joined), but two may share a step.
        if (step.agentIds[step.agentIds.length - 1] !== agentId) step.agentIds.push(agentId);
        step.staffedMs += overlap;
      }
    }
  }
  return steps.map((step) => ({
    from: new Date(step.from).toISOString(),
    to: new Date(step.to).toISOString(),
    scheduled: step.agentIds.length,
    agentIds: step.agentIds,
    staffedMinutes: Math.round(step.staffedMs / 600) / 100,
  }));
}
