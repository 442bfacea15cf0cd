import {
  loadSession,
  saveSession,
  storageKey,
  tokenUsable,
  type KeyValueStore,
} from './session-store';

const CHANNEL = '00000000-0000-4000-8000-000000000002';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const session = {
  sessionToken: 'v1.claims.sig',
  visitorId: 'visitor-1',
  expiresAt: '2026-12-02T10:00:00.000Z',
  pending: [
    {
      clientMessageId: 'c-1',
      kind: 'message' as const,
      text: 'typed offline',
      uploadIds: [],
      attempts: 3,
      notBefore: 99_999_999_999_999,
    },
  ],
  counter: 4,
};

describe('the stored session (what a reload resumes)', () => {
  it('round-trips per channel, with the unsent messages due at once', () => {
    const store = memory();
    saveSession(store, CHANNEL, session);
    expect([...store.data.keys()]).toEqual([storageKey(CHANNEL)]);
    expect(loadSession(store, CHANNEL)).toEqual({
      ...session,
      pending: [{ ...session.pending[0], notBefore: 0 }],
    });
    expect(loadSession(store, '00000000-0000-4000-8000-000000000009')).toBeNull();
  });

  it('ignores what it cannot read', () => {
    const store = memory();
    store.setItem(storageKey(CHANNEL), '{not json');
    expect(loadSession(store, CHANNEL)).toBeNull();
    store.setItem(storageKey(CHANNEL), JSON.stringify({ visitorId: 'v' }));
    expect(loadSession(store, CHANNEL)).toBeNull();
    store.setItem(
      storageKey(CHANNEL),
      JSON.stringify({ sessionToken: 't', visitorId: 'v', pending: [{ junk: true }] }),
    );
    expect(loadSession(store, CHANNEL)).toMatchObject({ pending: [], counter: 0 });
  });

  it('works without storage (refused or full)', () => {
    expect(loadSession(null, CHANNEL)).toBeNull();
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => saveSession(full, CHANNEL, session)).not.toThrow();
  });

  it.each([
    ['an hour left', Date.parse('2026-12-02T09:00:00Z'), true],
    ['half a minute left: renew first', Date.parse('2026-12-02T09:59:30Z'), false],
    ['expired', Date.parse('2026-12-02T11:00:00Z'), false],
  ])('token usable with %s', (_case, now, expected) => {
    expect(tokenUsable(session, now)).toBe(expected);
  });
});
