import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { InvalidTokenError, TokenService, type Principal } from '@tandem/auth';
import type { LoginBody } from '@tandem/contracts';
import { ProblemException } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import { agentViewSchema, toAgentView } from '../agents/agent-view';
import { verifyPassword } from '../agents/passwords';

/** What login and refresh answer: a token pair and the agent. */
export const sessionSchema = z.object({
  accessToken: z
    .string()
    .describe('Send as `Authorization: Bearer <token>` and as the socket’s `auth.token`'),
  refreshToken: z.string().describe('POST /v1/auth/refresh exchanges it for a new session'),
  agent: agentViewSchema,
});
export type Session = z.infer<typeof sessionSchema>;

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async login(body: LoginBody): Promise<Session> {
    const agent = await this.dataSource
      .getRepository(Agent)
      .findOneBy({ tenantId: body.tenant, email: body.email.toLowerCase() });
    // The same answer for an unknown e-mail and a wrong password: no account probing.
    const ok = agent ? await verifyPassword(body.password, agent.passwordHash) : false;
    if (!agent || !ok)
      throw new ProblemException(
        401,
        'AUTH.INVALID_CREDENTIALS',
        'Tenant, e-mail or password is wrong.',
      );
    // Said only to whoever knows the password: a disabled account is not probed either.
    this.refuseDisabled(agent);
    return this.session(agent);
  }

  async refresh(refreshToken: string): Promise<Session> {
    let principal: Principal;
    try {
      principal = this.tokens.verify(refreshToken, 'refresh');
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new ProblemException(401, 'AUTH.INVALID_TOKEN', error.message);
      throw error;
    }
    const agent = await this.dataSource
      .getRepository(Agent)
      .findOneBy({ id: principal.subject, tenantId: principal.tenantId });
    if (!agent)
      throw new ProblemException(401, 'AUTH.INVALID_TOKEN', 'The account no longer exists.');
    this.refuseDisabled(agent);
    return this.session(agent);
  }

  private refuseDisabled(agent: Agent): void {
    if (!agent.active)
      throw new ProblemException(
        403,
        'AUTH.ACCOUNT_DISABLED',
        'This account has been deactivated by an administrator.',
      );
  }

  private session(agent: Agent): Session {
    const principal = {
      subject: agent.id,
      tenantId: agent.tenantId,
      role: agent.role,
      name: agent.name,
    };
    return {
      accessToken: this.tokens.issueAccess(principal),
      refreshToken: this.tokens.issueRefresh(principal),
      agent: toAgentView(agent),
    };
  }
}
