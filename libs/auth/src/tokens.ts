import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES, type Principal } from './principal';

const claimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  role: z.enum(ROLES),
  name: z.string().optional(),
  kind: z.enum(['user', 'service']),
  typ: z.enum(['access', 'refresh']),
});

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenSettings {
  secret: string;
  issuer: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

/**
 * Signs and verifies the platform's JWTs (HS256 with one shared key, so every service
 * verifies what the desk issues without calling it).
 */
export class TokenService {
  constructor(private readonly settings: TokenSettings) {}

  issueAccess(principal: Omit<Principal, 'kind'> & { kind?: 'user' | 'service' }): string {
    return this.sign(principal, 'access', this.settings.accessTtlSeconds ?? 3_600);
  }

  issueRefresh(principal: Omit<Principal, 'kind'> & { kind?: 'user' | 'service' }): string {
    return this.sign(principal, 'refresh', this.settings.refreshTtlSeconds ?? 14 * 24 * 3_600);
  }

  /** A short-lived token one service uses to call another on a tenant's behalf. */
  issueService(service: string, tenantId: string): string {
    return this.sign(
      { subject: `service:${service}`, tenantId, role: 'service', kind: 'service' },
      'access',
      300,
    );
  }

  verify(token: string, expected: 'access' | 'refresh' = 'access'): Principal {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, this.settings.secret, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
      });
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) throw new InvalidTokenError('token claims are malformed');
    if (claims.data.typ !== expected) throw new InvalidTokenError(`expected an ${expected} token`);
    const principal: Principal = {
      kind: claims.data.kind,
      subject: claims.data.sub,
      tenantId: claims.data.tid,
      role: claims.data.role,
    };
    if (claims.data.name !== undefined) principal.name = claims.data.name;
    return principal;
  }

  private sign(
    principal: Omit<Principal, 'kind'> & { kind?: 'user' | 'service' },
    typ: 'access' | 'refresh',
    ttlSeconds: number,
  ): string {
    const claims = {
      sub: principal.subject,
      tid: principal.tenantId,
      role: principal.role,
      kind: principal.kind ?? 'user',
      typ,
      ...(principal.name ? { name: principal.name } : {}),
    };
    return jwt.sign(claims, this.settings.secret, {
      algorithm: 'HS256',
      issuer: this.settings.issuer,
      expiresIn: ttlSeconds,
    });
  }
}
