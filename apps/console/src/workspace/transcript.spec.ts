import {
  applyDelivery,
  lastCustomerMessageAt,
  mergeMessages,
  messageFromEvent,
} from './transcript';
import type { TranscriptMessage } from './types';

function message(
  id: string,
  at: string,
  role: TranscriptMessage['role'] = 'customer',
  extra: Partial<TranscriptMessage> = {},
): TranscriptMessage {
  return {
    id,
    role,
    text: id,
    at: `2026-12-01T10:00:${at}Z`,
    deliveryStatus: null,
    deliveryDetail: null,
    ...extra,
  };
}

describe('mergeMessages', () => {
  it('adds a new message at its place in time', () => {
    const merged = mergeMessages([message('a', '01'), message('c', '03')], [message('b', '02')]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps one copy of a message the socket repeats', () => {
    const merged = mergeMessages([message('a', '01')], [message('a', '01'), message('a', '01')]);
    expect(merged).toHaveLength(1);
  });

  it('keeps arrival order for messages of the same instant', () => {
    const merged = mergeMessages([message('x', '05')], [message('y', '05'), message('w', '05')]);
    expect(merged.map((m) => m.id)).toEqual(['x', 'y', 'w']);
  });

  it('never turns a delivered reply back into sent', () => {
    const merged = mergeMessages(
      [message('r', '01', 'agent', { deliveryStatus: 'delivered' })],
      [message('r', '01', 'agent', { deliveryStatus: 'sent' })],
    );
    expect(merged[0]!.deliveryStatus).toBe('delivered');
  });

  it('takes a later status the newcomer knows', () => {
    const merged = mergeMessages(
      [message('r', '01', 'agent', { deliveryStatus: 'sent' })],
      [message('r', '01', 'agent', { deliveryStatus: 'failed', deliveryDetail: 'OPTED_OUT' })],
    );
    expect(merged[0]).toMatchObject({ deliveryStatus: 'failed', deliveryDetail: 'OPTED_OUT' });
  });
});

describe('messageFromEvent', () => {
  it.each([
    ['customer', null],
    ['bot', null],
    ['agent', 'sent'],
  ] as const)('a %s message has delivery status %s', (role, status) => {
    const parsed = messageFromEvent({
      messageId: 'm1',
      role,
      text: 'hello',
      at: '2026-12-01T10:00:00Z',
    });
    expect(parsed).toMatchObject({ id: 'm1', role, text: 'hello', deliveryStatus: status });
  });

  it('refuses a payload without an id or with an unknown role', () => {
    expect(messageFromEvent({ role: 'customer', text: 'x' })).toBeNull();
    expect(messageFromEvent({ messageId: 'm', role: 'system', text: 'x' })).toBeNull();
  });
});

describe('applyDelivery', () => {
  it('marks only the named reply', () => {
    const next = applyDelivery(
      [message('r1', '01', 'agent', { deliveryStatus: 'sent' }), message('r2', '02', 'agent')],
      { replyId: 'r1', status: 'failed', reason: 'INVALID_ADDRESS' },
    );
    expect(next[0]).toMatchObject({ deliveryStatus: 'failed', deliveryDetail: 'INVALID_ADDRESS' });
    expect(next[1]!.deliveryStatus).toBeNull();
  });
});

describe('lastCustomerMessageAt', () => {
  it('is the latest customer message, not the agent reply after it', () => {
    expect(
      lastCustomerMessageAt([
        message('a', '01'),
        message('b', '02', 'bot'),
        message('c', '03'),
        message('d', '04', 'agent'),
      ]),
    ).toBe('2026-12-01T10:00:03Z');
  });

  it('is null without customer messages', () => {
    expect(lastCustomerMessageAt([message('b', '02', 'bot')])).toBeNull();
  });
});
