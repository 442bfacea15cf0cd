/**
 * Pure: whether a conversation still waiting for a person (queued or offered) has waited
 * past the tenant's limit, counted from when it (last) entered a queue.
 */
export function abandonDue(
  conversation: { status: string; queuedAt: Date },
  now: Date,
  abandonAfterSeconds: number,
): boolean {
  if (conversation.status !== 'queued' && conversation.status !== 'offered') return false;
  return now.getTime() - conversation.queuedAt.getTime() >= abandonAfterSeconds * 1_000;
}

/** Whole seconds waited, never negative (clocks of different instances may disagree a little). */
export function waitedSeconds(queuedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - queuedAt.getTime()) / 1_000));
}
