import {
  fromServer,
  keyOf,
  localMessage,
  mergeHistory,
  mergeMessage,
  updateLocal,
  type ChatMessage,
} from './messages';

const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, second)).toISOString();
const bot = (id: string, second: number, text = `answer ${id}`) =>
  fromServer({ id, role: 'bot', text, sentAt: at(second) });
const customer = (id: string, clientMessageId: string, second: number) =>
  fromServer({ id, role: 'customer', text: `question ${id}`, clientMessageId, sentAt: at(second) });
const mine = (clientMessageId: string, second: number, preview?: string) => ({
  ...localMessage(
    clientMessageId,
    'hello',
    preview
      ? [{ id: 'upload-1', kind: 'image' as const, mimeType: 'image/png', sizeBytes: 10, preview }]
      : [],
    new Date(at(second)),
  ),
});
const ids = (list: ChatMessage[]) => list.map((message) => message.id ?? message.clientMessageId);

describe('mergeMessage: a reply is shown once', () => {
  it('appends a new reply', () => {
    expect(ids(mergeMessage([bot('r1', 1)], bot('r2', 2)))).toEqual(['r1', 'r2']);
  });

  it('drops a reply it has shown (history then message around a reconnect, or a redelivery)', () => {
    const list = mergeMessage([bot('r1', 1), bot('r2', 2)], bot('r1', 1));
    expect(ids(list)).toEqual(['r1', 'r2']);
  });

  it('matches the visitor’s own message by client id and takes the gateway’s id', () => {
    const list = mergeMessage([mine('c-1', 1)], customer('m1', 'c-1', 1));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 'm1', clientMessageId: 'c-1', delivery: 'sent' });
  });

  it('never matches a bot reply by client id', () => {
    const reply = { ...bot('r1', 1), clientMessageId: 'c-1' };
    expect(mergeMessage([mine('c-1', 1)], reply)).toHaveLength(2);
  });
});

describe('mergeHistory on (re)connect', () => {
  it('takes the history in its order and keeps the visitor’s unsent messages after it', () => {
    const list = [mine('c-9', 9)];
    const merged = mergeHistory(list, [customer('m1', 'c-1', 1), bot('r1', 2)]);
    expect(ids(merged)).toEqual(['m1', 'r1', 'c-9']);
    expect(merged[2]!.delivery).toBe('queued');
  });

  it('shows nothing twice when the history holds what the widget already shows', () => {
    const shown = [customer('m1', 'c-1', 1), bot('r1', 2)];
    expect(ids(mergeHistory(shown, [customer('m1', 'c-1', 1), bot('r1', 2)]))).toEqual([
      'm1',
      'r1',
    ]);
  });

  it('keeps a live reply newer than the history’s end, drops older ones it no longer lists', () => {
    const shown = [bot('r0', 0), bot('r5', 5)];
    expect(ids(mergeHistory(shown, [bot('r1', 1), bot('r2', 2)]))).toEqual(['r1', 'r2', 'r5']);
  });

  it('keeps the local preview of the visitor’s own image once the gateway stored it', () => {
    const shown = [mine('c-1', 1, 'blob:preview')];
    const stored = fromServer({
      id: 'm1',
      role: 'customer',
      text: 'hello',
      clientMessageId: 'c-1',
      attachments: [{ id: 'att-1', kind: 'image', mimeType: 'image/png', sizeBytes: 10 }],
      sentAt: at(1),
    });
    const [merged] = mergeHistory(shown, [stored]);
    expect(merged!.attachments).toEqual([
      { id: 'att-1', kind: 'image', mimeType: 'image/png', sizeBytes: 10, preview: 'blob:preview' },
    ]);
  });
});

describe('the visitor’s own messages', () => {
  it('move from queued to sent with the gateway’s id', () => {
    const list = updateLocal([mine('c-1', 1), bot('r1', 2)], 'c-1', {
      delivery: 'sent',
      id: 'm1',
    });
    expect(list[0]).toMatchObject({ id: 'm1', delivery: 'sent' });
    expect(list[1]).toEqual(bot('r1', 2));
  });

  it('keep one key for their element before and after the ack', () => {
    const before = mine('c-1', 1);
    const after = updateLocal([before], 'c-1', { id: 'm1', delivery: 'sent' })[0]!;
    expect(keyOf(after)).toBe(keyOf(before));
    expect(keyOf(bot('r1', 1))).toBe('i:r1');
  });

  it('carries the person button as an action with no text', () => {
    expect(localMessage('c-2', '', [], new Date(at(1)), 'request_human')).toMatchObject({
      author: 'customer',
      action: 'request_human',
      text: '',
      delivery: 'queued',
    });
  });

  it('shows an agent’s name when the gateway sends one', () => {
    expect(
      fromServer({ id: 'a1', role: 'agent', text: 'Hi', name: 'Alice', sentAt: at(1) }),
    ).toMatchObject({ author: 'agent', name: 'Alice' });
  });
});
