import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The web chat session token: `v1.<base64url(claims)>.<base64url(HMAC-SHA256)>`.
 *
 * Signed with a key derived from the channel's secret, not with the platform's TokenService:
 * a visitor is not a principal (no role, no access to any API), so a visitor token must never
 * be something the AuthGuard could accept; rotating one channel's secret ends that channel's
 * sessions only; and the site's backend already holds the channel secret for the e-mail
 * signature. The derived key keeps the two uses apart (nothing signed for one verifies as the
 * other). The channel id travels in clear so the verifier knows which secret to use.
 */

export interface SessionClaims {
  tenantId: string;
  channelId: string;
  visitorId: string;
  /** A verified e-mail (signed by the site's backend): links the visitor across channels. */
  email?: string;
  name?: string;
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

const wireSchema = z.object({
  tid: z.string().min(1),
  cid: z.string().min(1),
  vid: z.string().min(1),
  em: z.string().optional(),
  nm: z.string().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type TokenProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';

export class SessionTokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`session token ${problem.toLowerCase().replace('_', ' ')}`);
    this.name = 'SessionTokenError';
  }
}

function sessionKey(channelSecret: string): Buffer {
  return createHmac('sha256', channelSecret).update('tandem.webchat.session.v1').digest();
}

function mac(channelSecret: string, body: string): Buffer {
  return createHmac('sha256', sessionKey(channelSecret)).update(body).digest();
}

export function signSessionToken(claims: SessionClaims, channelSecret: string): string {
  const wire = {
    tid: claims.tenantId,
    cid: claims.channelId,
    vid: claims.visitorId,
    ...(claims.email ? { em: claims.email } : {}),
    ...(claims.name ? { nm: claims.name } : {}),
    iat: claims.issuedAt,
    exp: claims.expiresAt,
  };
  const body = `v1.${Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')}`;
  return `${body}.${mac(channelSecret, body).toString('base64url')}`;
}

/** The claims as written, before any signature check: only to find the channel whose secret verifies them. */
export function readSessionToken(token: string): SessionClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') throw new SessionTokenError('MALFORMED');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new SessionTokenError('MALFORMED');
  }
  const wire = wireSchema.safeParse(decoded);
  if (!wire.success) throw new SessionTokenError('MALFORMED');
  const { tid, cid, vid, em, nm, iat, exp } = wire.data;
  return {
    tenantId: tid,
    channelId: cid,
    visitorId: vid,
    ...(em ? { email: em } : {}),
    ...(nm ? { name: nm } : {}),
    issuedAt: iat,
    expiresAt: exp,
  };
}

/**
 * The claims, once the signature matches the channel's secret and the token has not expired.
 * `graceSeconds` accepts an expired token for that long (a returning visitor renewing a
 * session keeps their visitor id); a connection uses no grace.
 */
export function verifySessionToken(
  token: string,
  channelSecret: string,
  now: Date,
  graceSeconds = 0,
): SessionClaims {
  const claims = readSessionToken(token);
  const cut = token.lastIndexOf('.');
  const given = Buffer.from(token.slice(cut + 1), 'base64url');
  const expected = mac(channelSecret, token.slice(0, cut));
  // A SHA-256 digest's length is public, so checking it first leaks nothing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new SessionTokenError('BAD_SIGNATURE');
  if (claims.expiresAt + graceSeconds <= Math.floor(now.getTime() / 1000))
    throw new SessionTokenError('EXPIRED');
  return claims;
}

/** What the site's backend computes to vouch for a logged-in user's e-mail: hex HMAC-SHA256(channel secret, email). */
export function emailSignature(channelSecret: string, email: string): string {
  return createHmac('sha256', channelSecret).update(email, 'utf8').digest('hex');
}

export function verifyEmailSignature(channelSecret: string, email: string, given: string): boolean {
  const expected = Buffer.from(emailSignature(channelSecret, email), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
