import { createEvent, decodeEvent, isValidated, validateEvent } from './codec';

const resolved = () =>
  createEvent('conversation.resolved', {
    tenantId: 't1',
    aggregateId: 'c1',
    payload: { agentId: 'a1', wrapUpCode: 'done', note: '' },
  });

describe('the event codec', () => {
  it('remembers the events it built, so producing them does not validate twice', () => {
    expect(isValidated(resolved())).toBe(true);
  });

  it('does not vouch for a copy, which may have been changed', () => {
    const copy = { ...resolved(), payload: { agentId: 'a1' } };
    expect(isValidated(copy)).toBe(false);
    expect(validateEvent(copy)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });

  it.each([
    ['not JSON', '{"id": ', 'MALFORMED_JSON'],
    ['no envelope', '{"hello": 1}', 'INVALID_ENVELOPE'],
    [
      'an unknown type',
      JSON.stringify({ ...resolved(), type: 'conversation.exploded' }),
      'UNKNOWN_TYPE',
    ],
    [
      'a version from the future',
      JSON.stringify({ ...resolved(), version: 9 }),
      'UNSUPPORTED_VERSION',
    ],
    [
      'a payload its schema rejects',
      JSON.stringify({ ...resolved(), payload: { note: 1 } }),
      'INVALID_PAYLOAD',
    ],
  ])('refuses %s with a code', (_case, bytes, code) => {
    expect(decodeEvent(bytes)).toMatchObject({ ok: false, code });
  });

  it('round-trips a valid event', () => {
    const event = resolved();
    expect(decodeEvent(JSON.stringify(event))).toEqual({ ok: true, event });
  });
});
