import { signBody, verifySignature } from './signature';

const secret = 'channel-secret-0123456789';
const body = Buffer.from(JSON.stringify({ messageId: 'm1', from: { id: 'c1' }, text: '你好 👋' }));
const now = 1_800_000_000;

describe('webhook signatures', () => {
  it('accepts a body signed with the channel secret', () => {
    expect(verifySignature(secret, body, signBody(secret, body, now), now, 300)).toEqual({
      ok: true,
    });
  });

  it.each([
    ['no header', undefined, 'MISSING'],
    ['a header without v1', `t=${now}`, 'MALFORMED'],
    ['a non-numeric timestamp', 't=soon,v1=' + 'a'.repeat(64), 'MALFORMED'],
    ['another secret', signBody('another-secret-0123456789', body, now), 'MISMATCH'],
    ['a timestamp six minutes old (replay)', signBody(secret, body, now - 360), 'STALE'],
    ['a timestamp from the future', signBody(secret, body, now + 360), 'STALE'],
  ])('refuses %s', (_case, header, code) => {
    expect(verifySignature(secret, body, header, now, 300)).toEqual({ ok: false, code });
  });

  it('refuses a body changed after signing, even by one byte', () => {
    const header = signBody(secret, body, now);
    const tampered = Buffer.from(body.toString('utf8').replace('你好', '您好'));
    expect(verifySignature(secret, tampered, header, now, 300)).toEqual({
      ok: false,
      code: 'MISMATCH',
    });
  });
});
