import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  ApiKeyStore,
  hasRole,
  InvalidTokenError,
  TokenService,
  type Principal,
  type Role,
} from '@tandem/auth';
import { addToContext } from '@tandem/observability';
import { ProblemException } from './problem';

/** Metadata keys of `@Public()` and `@Roles()` (read by the guard and by the OpenAPI checks). */
export const PUBLIC_KEY = 'tandem:public';
export const ROLES_KEY = 'tandem:roles';

/** Open to anyone: health, metrics, and channel webhooks (which check their own signatures). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** The least role a caller needs; admins and supervisors may do what agents may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal)
      throw new ProblemException(401, 'AUTH.UNAUTHENTICATED', 'Authentication is required.');
    return principal;
  },
);

/** One authentication for every service: a Bearer JWT or an `X-Api-Key`, scoped to a tenant. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeyStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    const required = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasRole(principal, required)) {
      throw new ProblemException(
        403,
        'AUTH.FORBIDDEN',
        `This needs the role ${required.join(' or ')}.`,
      );
    }
    request.principal = principal;
    addToContext({ tenantId: principal.tenantId });
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      try {
        return this.tokens.verify(header.slice('Bearer '.length).trim());
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          throw new ProblemException(
            401,
            'AUTH.INVALID_TOKEN',
            `The access token was refused: ${error.message}.`,
          );
        }
        throw error;
      }
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') {
      const principal = await this.apiKeys.verify(apiKey);
      if (!principal)
        throw new ProblemException(401, 'AUTH.INVALID_API_KEY', 'The API key was refused.');
      return principal;
    }
    throw new ProblemException(
      401,
      'AUTH.UNAUTHENTICATED',
      'Send a Bearer token or an X-Api-Key header.',
    );
  }
}
