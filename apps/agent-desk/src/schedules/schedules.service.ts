import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { createEvent } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { LOGGER, ProblemException } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import type { SkillLevels } from '../agents/seat';
import { AssignmentService } from '../assignment/assignment.service';
import { SettingsService } from '../settings/settings.service';
import {
  agentScheduleSchema,
  type AgentSchedule,
  type AgentScheduleView,
  type Coverage,
  type CoverageQuery,
  type MyScheduleView,
} from './agent-schedule';
import { AgentScheduleRow } from './agent-schedule.entity';
import { matchesCoverageFilter } from './coverage-filter';
import { planCoverage } from './plan-coverage';
import { lastShiftEnd, shiftStatus, shouldEndShift } from './shift-status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(row: AgentScheduleRow): AgentScheduleView {
  // Stored documents were valid when written; parsing again fills defaults added since.
  const schedule = agentScheduleSchema.parse(row.schedule);
  return {
    agentId: row.agentId,
    ...schedule,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Agents' planned shifts: what supervisors write, what agents read, and who is on when. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: SettingsService,
    private readonly assignment: AssignmentService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async of(tenantId: string, agentId: string): Promise<AgentScheduleView> {
    return toView(await this.find(tenantId, agentId));
  }

  async write(
    principal: Principal,
    agentId: string,
    schedule: AgentSchedule,
  ): Promise<AgentScheduleView> {
    const agent = UUID.test(agentId)
      ? await this.dataSource
          .getRepository(Agent)
          .findOneBy({ id: agentId, tenantId: principal.tenantId })
      : null;
    if (!agent)
      throw new ProblemException(
        404,
        'DESK.AGENT_NOT_FOUND',
        `No agent ${agentId} in this tenant.`,
      );
    await this.dataSource.getRepository(AgentScheduleRow).save({
      tenantId: principal.tenantId,
      agentId,
      schedule,
      updatedBy: principal.subject,
    });
    return this.of(principal.tenantId, agentId);
  }

  async remove(tenantId: string, agentId: string): Promise<void> {
    await this.find(tenantId, agentId);
    await this.dataSource.getRepository(AgentScheduleRow).delete({ tenantId, agentId });
  }

  /** The calling agent's own schedule, with where they stand against it now. */
  async mine(principal: Principal, now: Date = new Date()): Promise<MyScheduleView> {
    const view = await this.of(principal.tenantId, principal.subject);
    return { ...view, ...shiftStatus(view, now) };
  }

  async coverage(tenantId: string, query: CoverageQuery): Promise<Coverage> {
    const rows: {
      agent_id: string;
      schedule: unknown;
      skills: SkillLevels;
      languages: string[];
    }[] = await this.dataSource.query(
      `SELECT s.agent_id, s.schedule, a.skills, a.languages FROM agent_schedules s
           JOIN agents a ON a.id = s.agent_id AND a.tenant_id = s.tenant_id
          WHERE s.tenant_id = $1
          ORDER BY a.name, a.id`,
      [tenantId],
    );
    const filter = { skill: query.skill ?? null, language: query.language ?? null };
    const agents = rows
      .filter((row) => matchesCoverageFilter(row, filter))
      .map((row) => ({ agentId: row.agent_id, schedule: agentScheduleSchema.parse(row.schedule) }));
    const from = new Date(query.from);
    const to = new Date(query.to);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      stepMinutes: query.stepMinutes,
      ...filter,
      steps: planCoverage(agents, { from, to, stepMinutes: query.stepMinutes }),
    };
  }

  /**
   * Sets away, with cause `schedule`, every online agent whose shift ended more than the
   * tenant's grace ago. Agents without a schedule are never touched. Safe on every desk
   * instance at once: the update re-checks the decision, so one instance wins per agent.
   */
  async endShifts(now: Date = new Date()): Promise<number> {
    const online: {
      id: string;
      tenant_id: string;
      presence_at: Date;
      schedule: unknown;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.tenant_id, a.presence_at, s.schedule FROM agents a
         JOIN agent_schedules s ON s.agent_id = a.id AND s.tenant_id = a.tenant_id
        WHERE a.presence = 'online'`,
    );
    let ended = 0;
    for (const row of online) {
      const schedule = agentScheduleSchema.parse(row.schedule);
      const { shiftEndGraceMinutes } = await this.settings.of(row.tenant_id, now.getTime());
      const agent = { presence: 'online', presenceAt: row.presence_at };
      if (!shouldEndShift(schedule, agent, now, shiftEndGraceMinutes)) continue;
      const shiftEnd = lastShiftEnd(schedule, now)!;
      const released = await this.unitOfWork.run(async (tx) => {
        // The dispatch lock, so no offer is made to the agent as they leave.
        await AssignmentService.lockTenant(tx, row.tenant_id);
        const [updated] = await tx.manager.query(
          `UPDATE agents SET presence = 'away', presence_at = $3
            WHERE id = $1 AND tenant_id = $2 AND presence = 'online' AND presence_at < $4
            RETURNING id`,
          [row.id, row.tenant_id, now, shiftEnd],
        );
        if ((updated as unknown[]).length === 0) return null;
        tx.emit(
          createEvent('agent.presence_changed', {
            tenantId: row.tenant_id,
            aggregateId: row.id,
            occurredAt: now,
            payload: { agentId: row.id, presence: 'away', busyState: null, cause: 'schedule' },
          }),
        );
        // Their unaccepted offers go back to the queue, as when they leave themselves.
        return this.assignment.releaseOffersIn(tx, row.tenant_id, row.id);
      });
      if (released === null) continue;
      if (released > 0) this.assignment.requestDispatch(row.tenant_id);
      ended += 1;
      this.logger.info(
        { tenantId: row.tenant_id, agentId: row.id, shiftEndedAt: shiftEnd.toISOString() },
        'shift ended: agent set away',
      );
    }
    return ended;
  }

  private async find(tenantId: string, agentId: string): Promise<AgentScheduleRow> {
    const row = UUID.test(agentId)
      ? await this.dataSource.getRepository(AgentScheduleRow).findOneBy({ tenantId, agentId })
      : null;
    if (!row)
      throw new ProblemException(
        404,
        'DESK.SCHEDULE_NOT_FOUND',
        `Agent ${agentId} has no schedule in this tenant.`,
      );
    return row;
  }
}
