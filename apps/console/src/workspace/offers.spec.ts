import { offerFromEvent, offerPreview, offersReducer } from './offers';
import type { Offer } from './types';

const offer = (id: string, queuedAt: string, extra: Partial<Offer> = {}): Offer => ({
  id,
  conversationId: `c-${id}`,
  expiresAt: '2026-12-01T10:01:00Z',
  queuedAt: `2026-12-01T10:00:${queuedAt}Z`,
  ...extra,
});

describe('offersReducer', () => {
  it('keeps offers oldest first as they arrive', () => {
    let state = offersReducer([], { type: 'offered', offer: offer('b', '20') });
    state = offersReducer(state, { type: 'offered', offer: offer('a', '10') });
    expect(state.map((o) => o.id)).toEqual(['a', 'b']);
  });

  it('does not list an offer twice when the event repeats it', () => {
    let state = offersReducer([], { type: 'offered', offer: offer('a', '10') });
    state = offersReducer(state, { type: 'offered', offer: offer('a', '10') });
    expect(state).toHaveLength(1);
  });

  it('keeps what the event knew when the list arrives after it', () => {
    let state = offersReducer([], {
      type: 'offered',
      offer: offer('a', '10', { language: 'zh', channelType: 'webchat' }),
    });
    state = offersReducer(state, {
      type: 'loaded',
      offers: [{ id: 'a', conversationId: 'c-a', expiresAt: '2026-12-01T10:01:00Z' }],
    });
    expect(state).toEqual([expect.objectContaining({ id: 'a', language: 'zh' })]);
  });

  it('keeps an offer the event brought that the (older) list missed', () => {
    let state = offersReducer([], { type: 'offered', offer: offer('new', '30') });
    state = offersReducer(state, { type: 'loaded', offers: [offer('old', '10')] });
    expect(state.map((o) => o.id)).toEqual(['old', 'new']);
  });

  it('removes a withdrawn offer', () => {
    const state = offersReducer([offer('a', '10'), offer('b', '20')], {
      type: 'removed',
      offerId: 'a',
    });
    expect(state.map((o) => o.id)).toEqual(['b']);
  });

  it('fills in details without overwriting what is known', () => {
    const state = offersReducer([offer('a', '10', { language: 'en' })], {
      type: 'detailed',
      offerId: 'a',
      details: { language: 'zh', preview: 'help me' },
    });
    expect(state[0]).toMatchObject({ language: 'en', preview: 'help me' });
  });

  it('drops offers past their expiry', () => {
    const state = offersReducer(
      [offer('a', '10', { expiresAt: '2026-12-01T10:00:30Z' }), offer('b', '20')],
      { type: 'expired', now: Date.parse('2026-12-01T10:00:45Z') },
    );
    expect(state.map((o) => o.id)).toEqual(['b']);
  });
});

describe('offerFromEvent', () => {
  it('reads the socket payload', () => {
    expect(
      offerFromEvent({
        offerId: 'o1',
        conversationId: 'c1',
        expiresAt: '2026-12-01T10:01:00Z',
        language: 'zh',
        channelType: 'generic',
        reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked' }],
        customerDisplayName: null,
      }),
    ).toMatchObject({
      id: 'o1',
      conversationId: 'c1',
      language: 'zh',
      channelType: 'generic',
      reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked' }],
      customerDisplayName: null,
    });
  });

  it('refuses a payload without ids', () => {
    expect(offerFromEvent({ conversationId: 'c1' })).toBeNull();
  });
});

describe('offerPreview', () => {
  it.each([
    [{ summary: 'Wants a refund', transcript: [] }, 'Wants a refund'],
    [
      {
        summary: '  ',
        transcript: [
          { role: 'bot', text: 'Hi' },
          { role: 'customer', text: 'talk to a human' },
        ],
      },
      'talk to a human',
    ],
    [{ summary: '', transcript: [] }, null],
  ])('%j → %s', (handoff, expected) => {
    expect(offerPreview(handoff)).toBe(expected);
  });
});
