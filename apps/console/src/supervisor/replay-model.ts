// The replay screen's pure part: the request body for a candidate, the per-reason
// comparison of a report, and whether a job is still moving.
import type { ReplayReport, ReplayStatus } from './types';

export type CandidateChoice =
  { kind: 'current' } | { kind: 'version'; version: number } | { kind: 'draft'; text: string };

/** POST /v1/replays body: `{}` (current), `{version}` or `{policy}`; a bad draft is an error. */
export function replayRequest(
  choice: CandidateChoice,
): { ok: true; body: Record<string, unknown> } | { ok: false; message: string } {
  if (choice.kind === 'current') return { ok: true, body: {} };
  if (choice.kind === 'version') return { ok: true, body: { version: choice.version } };
  try {
    const policy: unknown = JSON.parse(choice.text.trim() || '{}');
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy))
      return { ok: false, message: 'not an object' };
    return { ok: true, body: { policy } };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function isMoving(status: ReplayStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Decisions that differ: newly escalated plus no longer escalated. */
export function changedCount(report: ReplayReport): number {
  return report.changed.newlyEscalated + report.changed.notEscalated;
}

/** Each reason in either outcome, with both counts, the largest difference first. */
export function reasonComparison(
  report: ReplayReport,
): { reason: string; actual: number; candidate: number }[] {
  const reasons = new Set([
    ...Object.keys(report.actual.reasons),
    ...Object.keys(report.candidate.reasons),
  ]);
  return [...reasons]
    .map((reason) => ({
      reason,
      actual: report.actual.reasons[reason] ?? 0,
      candidate: report.candidate.reasons[reason] ?? 0,
    }))
    .sort(
      (a, b) =>
        Math.abs(b.candidate - b.actual) - Math.abs(a.candidate - a.actual) ||
        Math.max(b.actual, b.candidate) - Math.max(a.actual, a.candidate) ||
        a.reason.localeCompare(b.reason),
    );
}
