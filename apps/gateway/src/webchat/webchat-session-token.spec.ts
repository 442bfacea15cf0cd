import {
  emailSignature,
  readSessionToken,
  SessionTokenError,
  signSessionToken,
  verifyEmailSignature,
  verifySessionToken,
  type SessionClaims,
} from './webchat-session-token';

const secret = 'channel-secret-0123456789';
const now = new Date('2026-11-22T10:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const claims: SessionClaims = {
  tenantId: 't-1',
  channelId: '6f1c2d3e-1111-4a5b-8c9d-0e1f2a3b4c5d',
  visitorId: 'b82b71be-9664-4196-b93b-f92899faad63',
  email: 'li.lei@example.com',
  name: '李雷',
  issuedAt: nowSeconds - 60,
  expiresAt: nowSeconds + 3_600,
};

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SessionTokenError) return error.problem;
    throw error;
  }
  return 'ACCEPTED';
}

/** Another visitor's id in the claims, the original signature kept. */
function otherVisitor(token: string): string {
  const [version, body, signature] = token.split('.');
  const wire = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { vid: string };
  wire.vid = 'someone-else';
  return [version, Buffer.from(JSON.stringify(wire)).toString('base64url'), signature].join('.');
}

function otherSignature(token: string): string {
  const cut = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(cut + 1), 'base64url');
  signature[0] = signature[0]! ^ 1;
  return `${token.slice(0, cut)}.${signature.toString('base64url')}`;
}

describe('web chat session tokens', () => {
  const token = signSessionToken(claims, secret);

  it('a token verifies with its channel secret and gives back its claims', () => {
    expect(verifySessionToken(token, secret, now)).toEqual(claims);
  });

  it('the channel id can be read before verifying, to find the secret', () => {
    expect(readSessionToken(token).channelId).toBe(claims.channelId);
  });

  it.each([
    [
      'another channel secret',
      () => verifySessionToken(token, 'other-secret-0123456789', now),
      'BAD_SIGNATURE',
    ],
    ['edited claims', () => verifySessionToken(otherVisitor(token), secret, now), 'BAD_SIGNATURE'],
    [
      'an edited signature',
      () => verifySessionToken(otherSignature(token), secret, now),
      'BAD_SIGNATURE',
    ],
    [
      'a truncated signature',
      () => verifySessionToken(token.slice(0, -4), secret, now),
      'BAD_SIGNATURE',
    ],
    [
      'an unknown version',
      () => verifySessionToken(token.replace(/^v1\./, 'v2.'), secret, now),
      'MALFORMED',
    ],
    [
      'two parts',
      () => verifySessionToken(token.split('.').slice(0, 2).join('.'), secret, now),
      'MALFORMED',
    ],
    ['garbage', () => verifySessionToken('not-a-token', secret, now), 'MALFORMED'],
    [
      'claims that are not JSON',
      () => verifySessionToken('v1.bm90IGpzb24.abc', secret, now),
      'MALFORMED',
    ],
    [
      'a platform-shaped JWT',
      () => verifySessionToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', secret, now),
      'MALFORMED',
    ],
    [
      'an expired token',
      () => verifySessionToken(token, secret, new Date((claims.expiresAt + 1) * 1000)),
      'EXPIRED',
    ],
    [
      'exactly at expiry',
      () => verifySessionToken(token, secret, new Date(claims.expiresAt * 1000)),
      'EXPIRED',
    ],
  ])('refuses %s', (_case, run, problem) => {
    expect(problemOf(run)).toBe(problem);
  });

  it('an expired token still renews within the grace period, and not after it', () => {
    const later = new Date((claims.expiresAt + 100) * 1000);
    expect(verifySessionToken(token, secret, later, 101).visitorId).toBe(claims.visitorId);
    expect(problemOf(() => verifySessionToken(token, secret, later, 100))).toBe('EXPIRED');
  });

  it('the session signature is not an e-mail signature of the same secret', () => {
    const body = token.slice(0, token.lastIndexOf('.'));
    const forged = `${body}.${Buffer.from(emailSignature(secret, body), 'hex').toString('base64url')}`;
    expect(problemOf(() => verifySessionToken(forged, secret, now))).toBe('BAD_SIGNATURE');
  });
});

describe('e-mail signatures from the site backend', () => {
  const email = 'Li.Lei@example.com';
  const signature = emailSignature(secret, email);

  it.each([
    ['the signature the backend computed', email, signature, true],
    ['upper-case hex', email, signature.toUpperCase(), true],
    ['another address', 'han.meimei@example.com', signature, false],
    ['the address in another case (signed as sent)', email.toLowerCase(), signature, false],
    ['a truncated signature', email, signature.slice(0, 60), false],
    ['a signature with another secret', email, emailSignature('other-secret', email), false],
  ])('%s → %s', (_case, address, given, verified) => {
    expect(verifyEmailSignature(secret, address, given)).toBe(verified);
  });

  it('is hex HMAC-SHA256(secret, email), as documented for site backends', () => {
    // Computed independently: printf 'Li.Lei@example.com' | openssl dgst -sha256 -hmac channel-secret-0123456789
    expect(signature).toBe('1cbd419eb0078ece4c3258b076923172a724a658dbb6e779244a9c368d4054d4');
  });
});
