import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { createEvent, type PresenceBody } from '@tandem/contracts';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import { SettingsService } from '../settings/settings.service';
import { Team } from '../teams/team.entity';
import { Agent } from './agent.entity';
import type { AgentCreateBody, AgentUpdateBody } from './agent-schemas';
import { toAgentView, type AgentStatus, type AgentView, type MediaLoad } from './agent-view';
import { hashPassword } from './passwords';

const UNIQUE_VIOLATION = '23505';
export type PresenceCause = 'agent' | 'supervisor';

/** People and seats: the agent's own presence, supervisors' view, admins' changes. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly assignment: AssignmentService,
    private readonly settings: SettingsService,
  ) {}

  async find(tenantId: string, id: string): Promise<Agent> {
    const agent = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(Agent).findOneBy({ id, tenantId })
      : null;
    if (!agent) throw new ProblemException(404, 'DESK.AGENT_NOT_FOUND', `No agent ${id}.`);
    return agent;
  }

  /** The caller's own seat; a deactivated account is refused even with a valid token. */
  async me(tenantId: string, id: string): Promise<Agent> {
    // A token of no seat (a service's, or a test's) may carry a subject that is no uuid.
    const agent = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(Agent).findOneBy({ id, tenantId })
      : null;
    if (!agent)
      throw new ProblemException(
        403,
        'DESK.NOT_AN_AGENT',
        'This account is not an agent of the tenant.',
      );
    if (!agent.active)
      throw new ProblemException(
        403,
        'AUTH.ACCOUNT_DISABLED',
        'This account has been deactivated by an administrator.',
      );
    return agent;
  }

  /**
   * Sets presence (under the tenant's dispatch lock, so no offer is made to an agent who just
   * left); leaving `online` returns the agent's pending offers to the queue; every change
   * emits agent.presence_changed. Going online offers waiting work at once.
   */
  async setPresence(
    tenantId: string,
    agentId: string,
    body: PresenceBody,
    cause: PresenceCause,
  ): Promise<AgentView> {
    const busyState = await this.checkBusyState(tenantId, body);
    const { agent, released } = await this.unitOfWork.run(async (tx) => {
      await AssignmentService.lockTenant(tx, tenantId);
      const current = await tx.manager.findOneBy(Agent, { id: agentId, tenantId });
      if (!current) throw new ProblemException(404, 'DESK.AGENT_NOT_FOUND', `No agent ${agentId}.`);
      if (!current.active)
        throw new ProblemException(409, 'DESK.AGENT_INACTIVE', 'The agent is deactivated.');
      const count = await this.changePresence(tx, current, body.status, busyState, cause);
      return { agent: current, released: count };
    });
    // Online: work for them; leaving: their released offers go to others.
    if (agent.presence === 'online' || released > 0) this.assignment.requestDispatch(tenantId);
    return toAgentView(agent);
  }

  /** A supervisor's list: every agent with presence, busy state and load per media. */
  async list(tenantId: string): Promise<AgentStatus[]> {
    const agents = await this.dataSource
      .getRepository(Agent)
      .find({ where: { tenantId }, order: { name: 'ASC', id: 'ASC' } });
    const loads: { agent_id: string; media: keyof MediaLoad; load: string }[] =
      await this.dataSource.query(
        `SELECT agent_id, media, count(*) AS load FROM conversations
          WHERE tenant_id = $1 AND status IN ('offered', 'assigned') AND agent_id IS NOT NULL
          GROUP BY agent_id, media`,
        [tenantId],
      );
    const loadOf = new Map<string, MediaLoad>();
    for (const row of loads) {
      const load = loadOf.get(row.agent_id) ?? { chat: 0, email: 0, call: 0 };
      load[row.media] = Number(row.load);
      loadOf.set(row.agent_id, load);
    }
    return agents.map((agent) => ({
      ...toAgentView(agent),
      load: loadOf.get(agent.id) ?? { chat: 0, email: 0, call: 0 },
      presenceAt: agent.presenceAt.toISOString(),
      lastOfferedAt: agent.lastOfferedAt?.toISOString() ?? null,
    }));
  }

  async create(tenantId: string, body: AgentCreateBody): Promise<AgentView> {
    if (body.teamId !== null) await this.checkTeam(tenantId, body.teamId);
    const { password, ...seat } = body;
    const passwordHash = await hashPassword(password);
    const agent = await this.unique(() =>
      this.dataSource.getRepository(Agent).save({
        tenantId,
        ...seat,
        passwordHash,
        presence: 'offline' as const,
        busyState: null,
        presenceAt: new Date(),
        active: true,
        lastOfferedAt: null,
      }),
    );
    return toAgentView(agent);
  }

  /** Role, team, skills, languages, capacity: the next dispatch uses them. */
  async update(tenantId: string, id: string, body: AgentUpdateBody): Promise<AgentView> {
    const agent = await this.find(tenantId, id);
    if (body.teamId) await this.checkTeam(tenantId, body.teamId);
    Object.assign(agent, body);
    await this.dataSource.getRepository(Agent).save(agent);
    if (agent.presence === 'online') this.assignment.requestDispatch(tenantId);
    return toAgentView(agent);
  }

  async resetPassword(tenantId: string, id: string, password: string): Promise<void> {
    await this.find(tenantId, id);
    await this.dataSource
      .getRepository(Agent)
      .update({ id, tenantId }, { passwordHash: await hashPassword(password) });
  }

  /**
   * A deactivated agent cannot log in, refresh or get work: offline, pending offers back to
   * the queue. Conversations already assigned stay with them until a supervisor reassigns.
   */
  async setActive(
    tenantId: string,
    id: string,
    active: boolean,
    actorId: string,
  ): Promise<AgentView> {
    if (!active && id === actorId)
      throw new ProblemException(
        409,
        'DESK.CANNOT_DEACTIVATE_SELF',
        'You cannot deactivate yourself.',
      );
    await this.find(tenantId, id);
    const agent = await this.unitOfWork.run(async (tx) => {
      await AssignmentService.lockTenant(tx, tenantId);
      const current = await tx.manager.findOneByOrFail(Agent, { id, tenantId });
      if (!active) await this.changePresence(tx, current, 'offline', null, 'supervisor');
      current.active = active;
      await tx.manager.update(Agent, { id }, { active });
      return current;
    });
    if (!active) this.assignment.requestDispatch(tenantId);
    return toAgentView(agent);
  }

  private async changePresence(
    tx: Tx,
    agent: Agent,
    presence: Agent['presence'],
    busyState: string | null,
    cause: PresenceCause,
  ): Promise<number> {
    if (agent.presence === presence && agent.busyState === busyState) return 0;
    agent.presence = presence;
    agent.busyState = busyState;
    agent.presenceAt = new Date();
    await tx.manager.update(
      Agent,
      { id: agent.id },
      { presence, busyState, presenceAt: agent.presenceAt },
    );
    const released =
      presence === 'online'
        ? 0
        : await this.assignment.releaseOffersIn(tx, agent.tenantId, agent.id);
    tx.emit(
      createEvent('agent.presence_changed', {
        tenantId: agent.tenantId,
        aggregateId: agent.id,
        payload: { agentId: agent.id, presence, busyState, cause },
      }),
    );
    return released;
  }

  private async checkBusyState(tenantId: string, body: PresenceBody): Promise<string | null> {
    if (body.status !== 'busy') {
      if (body.busyState !== undefined)
        throw new ProblemException(
          400,
          'DESK.INVALID_BUSY_STATE',
          'A busy state goes only with the status busy.',
        );
      return null;
    }
    const { busyStates } = await this.settings.of(tenantId);
    if (body.busyState === undefined || !busyStates.includes(body.busyState))
      throw new ProblemException(
        400,
        'DESK.INVALID_BUSY_STATE',
        `Busy needs one of the tenant's busy states: ${busyStates.join(', ')}.`,
      );
    return body.busyState;
  }

  private async checkTeam(tenantId: string, teamId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Team).existsBy({ tenantId, id: teamId })))
      throw new ProblemException(404, 'DESK.TEAM_NOT_FOUND', `No team ${teamId}.`);
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new ProblemException(409, 'DESK.AGENT_EXISTS', 'An agent has this e-mail already.');
      throw error;
    }
  }
}
