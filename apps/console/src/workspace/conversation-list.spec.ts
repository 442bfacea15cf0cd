import { conversationRows, noteCustomerMessage, type ListDetails } from './conversation-list';
import type { ConversationSummary } from './types';

const summary = (id: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  status: 'assigned',
  queue: 'general',
  priority: 'normal',
  agentId: 'me',
  customerName: null,
  channel: 'generic',
  language: 'en',
  sentiment: null,
  lastCustomerMessageAt: null,
  queuedAt: '2026-12-01T09:00:00Z',
  assignedAt: '2026-12-01T09:05:00Z',
  resolvedAt: null,
  ...extra,
});

const detail = (lastCustomerAt: string | null, extra: Partial<ListDetails> = {}): ListDetails => ({
  channelType: 'webchat',
  sentiment: -0.4,
  lastCustomerAt,
  customerName: 'Li Lei',
  ...extra,
});

describe('conversationRows', () => {
  it('reads channel, sentiment and waiting time from the desk’s list alone', () => {
    const [row] = conversationRows(
      [
        summary('a', {
          channel: 'wechat',
          sentiment: { score: -0.6 },
          lastCustomerMessageAt: '2026-12-01T09:20:00Z',
        }),
      ],
      'me',
      new Map(),
      new Set(),
    );
    expect(row).toMatchObject({
      channelType: 'wechat',
      sentiment: -0.6,
      waitingSince: '2026-12-01T09:20:00Z',
    });
  });

  it('waits from the later of the list’s and the socket’s last customer message', () => {
    const rows = (socketAt: string) =>
      conversationRows(
        [summary('a', { lastCustomerMessageAt: '2026-12-01T09:20:00Z' })],
        'me',
        noteCustomerMessage(new Map(), 'a', socketAt),
        new Set(),
      )[0]!.waitingSince;
    expect(rows('2026-12-01T09:30:00Z')).toBe('2026-12-01T09:30:00Z');
    expect(rows('2026-12-01T09:10:00Z')).toBe('2026-12-01T09:20:00Z');
  });

  it('lists only my assigned conversations', () => {
    const rows = conversationRows(
      [
        summary('mine'),
        summary('resolved', { status: 'resolved' }),
        summary('offered', { status: 'offered' }),
        summary('theirs', { agentId: 'other' }),
      ],
      'me',
      new Map(),
      new Set(),
    );
    expect(rows.map((row) => row.id)).toEqual(['mine']);
  });

  it('puts the customer who has waited longest first', () => {
    const rows = conversationRows(
      [summary('recent'), summary('long')],
      'me',
      new Map([
        ['recent', detail('2026-12-01T10:00:00Z')],
        ['long', detail('2026-12-01T09:30:00Z')],
      ]),
      new Set(),
    );
    expect(rows.map((row) => row.id)).toEqual(['long', 'recent']);
  });

  it('takes channel, sentiment, name and unread from the details and the socket', () => {
    const [row] = conversationRows(
      [summary('a')],
      'me',
      new Map([['a', detail('2026-12-01T10:00:00Z')]]),
      new Set(['a']),
    );
    expect(row).toEqual({
      id: 'a',
      customerName: 'Li Lei',
      channelType: 'webchat',
      sentiment: -0.4,
      waitingSince: '2026-12-01T10:00:00Z',
      unread: true,
    });
  });

  it('waits since the assignment before the details are known', () => {
    const [row] = conversationRows([summary('a')], 'me', new Map(), new Set());
    expect(row!.waitingSince).toBe('2026-12-01T09:05:00Z');
  });
});

describe('noteCustomerMessage', () => {
  it('moves the waiting time to the new customer message', () => {
    const next = noteCustomerMessage(
      new Map([['a', detail('2026-12-01T09:00:00Z')]]),
      'a',
      '2026-12-01T10:00:00Z',
    );
    expect(next.get('a')!.lastCustomerAt).toBe('2026-12-01T10:00:00Z');
  });
});
