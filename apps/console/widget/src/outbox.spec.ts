import {
  backoffMs,
  clientMessageIdFor,
  enqueue,
  nextDue,
  outcomeOf,
  postpone,
  settle,
  type Pending,
} from './outbox';

const item = (clientMessageId: string) => ({
  clientMessageId,
  kind: 'message' as const,
  text: `text ${clientMessageId}`,
  uploadIds: [],
});

describe('the offline queue', () => {
  it('sends in the order typed, one at a time', () => {
    let queue: Pending[] = [];
    queue = enqueue(queue, item('c-1'));
    queue = enqueue(queue, item('c-2'));
    expect(nextDue(queue, 0)?.clientMessageId).toBe('c-1');
    queue = settle(queue, 'c-1');
    expect(nextDue(queue, 0)?.clientMessageId).toBe('c-2');
    expect(nextDue(settle(queue, 'c-2'), 0)).toBeNull();
  });

  it('never queues one client id twice', () => {
    expect(enqueue(enqueue([], item('c-1')), item('c-1'))).toHaveLength(1);
  });

  it('holds a postponed head (and everything behind it) until its time, same id', () => {
    let queue = enqueue(enqueue([], item('c-1')), item('c-2'));
    queue = postpone(queue, 'c-1', 1_000, 5_000);
    expect(nextDue(queue, 5_999)).toBeNull();
    expect(nextDue(queue, 6_000)).toMatchObject({ clientMessageId: 'c-1', attempts: 1 });
  });
});

describe('outcomeOf: what an ack means', () => {
  it.each([
    [
      'accepted',
      { status: 'accepted' as const, messageId: 'm1' },
      { kind: 'done', messageId: 'm1' },
    ],
    [
      'duplicate (a resend)',
      { status: 'duplicate' as const, messageId: 'm1' },
      { kind: 'done', messageId: 'm1' },
    ],
    ['no ack in time', null, { kind: 'retry', afterMs: 4_000 }],
    [
      'rate limited, with the gateway’s wait',
      { error: { code: 'GATEWAY.RATE_LIMITED', status: 429, retryAfterSeconds: 3 } },
      { kind: 'retry', afterMs: 3_000 },
    ],
    [
      'broker unavailable, no wait given',
      { error: { code: 'GATEWAY.BROKER_UNAVAILABLE', status: 503 } },
      { kind: 'retry', afterMs: 4_000 },
    ],
    [
      'an internal error',
      { error: { code: 'INTERNAL', status: 500 } },
      { kind: 'retry', afterMs: 4_000 },
    ],
    [
      'the session ran out',
      { error: { code: 'WEBCHAT.SESSION_EXPIRED', status: 401 } },
      { kind: 'renew-session' },
    ],
    [
      'an expired upload: the visitor must attach again',
      { error: { code: 'WEBCHAT.UNKNOWN_UPLOAD', status: 404 } },
      { kind: 'failed', code: 'WEBCHAT.UNKNOWN_UPLOAD' },
    ],
    [
      'an invalid message',
      { error: { code: 'WEBCHAT.INVALID_MESSAGE', status: 400 } },
      { kind: 'failed', code: 'WEBCHAT.INVALID_MESSAGE' },
    ],
  ])('%s', (_case, ack, expected) => {
    expect(outcomeOf(ack, 2)).toEqual(expected);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});

it('client message ids are unique per counter and fit the gateway’s 128 characters', () => {
  const first = clientMessageIdFor(1_764_583_200_000, 1, 'abc123');
  const second = clientMessageIdFor(1_764_583_200_000, 2, 'abc123');
  expect(first).not.toBe(second);
  expect(first.length).toBeLessThanOrEqual(128);
});
