import { estimateWait, queuePosition, type QueuedConversation } from './estimate-wait';

const at = (minute: number): Date => new Date(Date.UTC(2026, 11, 1, 9, minute));
const row = (
  id: string,
  status: QueuedConversation['status'],
  priorityRank: number,
  minute: number,
): QueuedConversation => ({ id, status, priorityRank, queuedAt: at(minute) });

describe('queuePosition', () => {
  const me = row('me', 'queued', 1, 10);

  it.each<[string, QueuedConversation, QueuedConversation[], number | null]>([
    ['alone in the queue → next', me, [me], 1],
    ['one normal queued earlier → second', me, [row('a', 'queued', 1, 5), me], 2],
    ['one normal queued later → still next', me, [me, row('a', 'queued', 1, 15)], 1],
    ['an urgent one queued later jumps ahead', me, [me, row('u', 'queued', 3, 20)], 2],
    ['a low one queued earlier waits behind', me, [row('l', 'queued', 0, 1), me], 1],
    ['one on offer to an agent is ahead', me, [row('o', 'offered', 0, 30), me], 2],
    [
      'assigned and resolved ones are gone',
      me,
      [row('x', 'assigned', 3, 1), row('y', 'resolved', 3, 1), me],
      1,
    ],
    [
      'same minute: the id breaks the tie',
      me,
      [row('a', 'queued', 1, 10), row('z', 'queued', 1, 10), me],
      2,
    ],
    ['on offer itself → next', row('me', 'offered', 1, 10), [row('a', 'queued', 3, 1)], 1],
    ['assigned → no place', row('me', 'assigned', 1, 10), [row('a', 'queued', 1, 1)], null],
    ['resolved → no place', row('me', 'resolved', 1, 10), [], null],
  ])('%s', (_case, conversation, queue, expected) => {
    expect(queuePosition(conversation, queue)).toBe(expected);
  });
});

describe('estimateWait', () => {
  const window = 30 * 60;

  it.each<[string, Parameters<typeof estimateWait>[0], number | null]>([
    [
      '6 assigned in 30 min, third in line → 5 min a place → 15 min',
      { position: 3, assignedInWindow: 6, windowSeconds: window, agentsOnline: 2 },
      900,
    ],
    [
      '1 assigned in 30 min, next → 30 min',
      { position: 1, assignedInWindow: 1, windowSeconds: window, agentsOnline: 1 },
      1800,
    ],
    [
      '7 assigned, next → rounded to the second',
      { position: 1, assignedInWindow: 7, windowSeconds: window, agentsOnline: 1 },
      257,
    ],
    [
      'no assignment in the window → cannot say',
      { position: 1, assignedInWindow: 0, windowSeconds: window, agentsOnline: 3 },
      null,
    ],
    [
      'nobody online → cannot say, whatever the past pace',
      { position: 2, assignedInWindow: 10, windowSeconds: window, agentsOnline: 0 },
      null,
    ],
    [
      'no place (assigned) → nothing to wait for',
      { position: null, assignedInWindow: 10, windowSeconds: window, agentsOnline: 3 },
      null,
    ],
  ])('%s', (_case, facts, expected) => {
    expect(estimateWait(facts)).toBe(expected);
  });
});
