import { DESK_SOCKET_EVENTS, offerEventSchema, watchEventSchema } from './socket-events';

describe('the desk socket events', () => {
  const serverEvents = Object.entries(DESK_SOCKET_EVENTS).filter(
    ([, spec]) => spec.direction === 'server-to-client',
  );

  it.each(serverEvents)('%s carries its own name as type, and when it happened', (name, spec) => {
    const shape = (spec.schema as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(shape)).toEqual(expect.arrayContaining(['type', 'at']));
    const withoutAt = spec.schema.safeParse({ type: name });
    expect(withoutAt.success).toBe(false);
    const wrongType = spec.schema.safeParse({
      type: `${name}.other`,
      at: new Date().toISOString(),
    });
    expect(wrongType.success).toBe(false);
    expect(wrongType.error?.issues.some((issue) => issue.path.join('.') === 'type')).toBe(true);
  });

  it('an offer as the relay builds it is valid', () => {
    expect(
      offerEventSchema.safeParse({
        type: 'offer',
        at: '2026-12-01T10:00:00.000Z',
        eventId: '7f1c2f1e-4b8a-4a8e-9a53-3f1b8f0c9d11',
        offerId: 'o-1',
        conversationId: 'c-1',
        expiresAt: '2026-12-01T10:00:30.000Z',
        queue: 'returns',
        priority: 'high',
        reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked for a person' }],
        language: 'en',
        channelType: 'webchat',
        customerDisplayName: null,
        queuedAt: '2026-12-01T09:59:00.000Z',
      }).success,
    ).toBe(true);
  });

  it.each<[string, boolean, unknown]>([
    ['a conversation id alone', true, { conversationId: 'c-1' }],
    [
      'with its type and the client clock',
      true,
      { type: 'watch', at: '2026-12-01T10:00:00Z', conversationId: 'c-1' },
    ],
    ['no conversation id', false, {}],
    ['an empty conversation id', false, { conversationId: '' }],
    ['another event’s type', false, { type: 'unwatch', conversationId: 'c-1' }],
  ])('watch: %s → valid: %s', (_name, valid, payload) => {
    expect(watchEventSchema.safeParse(payload).success).toBe(valid);
  });
});
