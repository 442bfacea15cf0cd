import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, both directions: `X-Tandem-Signature: t=<unix seconds>,v1=<hex>`
 * where v1 = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp inside the signed text
 * lets the receiver refuse replays of an old request.
 */
export const SIGNATURE_HEADER = 'x-tandem-signature';

export function signBody(
  secret: string,
  rawBody: string | Buffer,
  timestampSeconds: number,
): string {
  const mac = createHmac('sha256', secret)
    .update(`${timestampSeconds}.`)
    .update(rawBody)
    .digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; code: 'MISSING' | 'MALFORMED' | 'STALE' | 'MISMATCH' };

export function verifySignature(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  nowSeconds: number,
  maxSkewSeconds: number,
): SignatureCheck {
  if (!header) return { ok: false, code: 'MISSING' };
  const parts = new Map(
    header.split(',').map((part) => {
      const index = part.indexOf('=');
      return [part.slice(0, index).trim(), part.slice(index + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || !given || !/^[0-9a-f]{64}$/.test(given))
    return { ok: false, code: 'MALFORMED' };
  if (Math.abs(nowSeconds - t) > maxSkewSeconds) return { ok: false, code: 'STALE' };
  const expected = signBody(secret, rawBody, t).split('v1=')[1]!;
  const equal = timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
  return equal ? { ok: true } : { ok: false, code: 'MISMATCH' };
}
