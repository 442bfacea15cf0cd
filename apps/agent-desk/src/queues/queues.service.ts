import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { ProblemException } from '@tandem/platform';
import { nextOpening } from '../calendar/weekly-hours';
import { Team } from '../teams/team.entity';
import { Queue } from './queue.entity';
import {
  defaultQueue,
  SLA_AT_RISK_SHARE,
  type QueueBody,
  type QueueDefinition,
  type QueueFigures,
  type QueueView,
} from './queue-schemas';

const UNIQUE_VIOLATION = '23505';

function toDefinition(queue: Queue): QueueDefinition {
  return {
    name: queue.name,
    skills: queue.skills,
    priority: queue.priority,
    slaSeconds: queue.slaSeconds,
    overflow: queue.overflow,
    hours: queue.hours,
    teamId: queue.teamId,
    defined: true,
  };
}

/** A tenant's queues, looked up by name; a name never defined gets the defaults. */
export class QueueBook {
  constructor(private readonly defined: ReadonlyMap<string, QueueDefinition>) {}

  named(name: string): QueueDefinition {
    return this.defined.get(name) ?? defaultQueue(name);
  }

  all(): QueueDefinition[] {
    return [...this.defined.values()];
  }

  /** Names of the defined queues closed at `now` (outside business hours). */
  closedAt(now: Date): string[] {
    return this.all()
      .filter((queue) => nextOpening(queue.hours, now) !== now)
      .map((queue) => queue.name);
  }
}

interface FigureRow {
  queue: string;
  waiting: string;
  offered: string;
  oldest: Date | null;
  at_risk: string;
  breached: string;
}

/** Queues: definitions (admins), live figures (supervisors), the rules dispatch reads. */
@Injectable()
export class QueuesService {
  constructor(private readonly dataSource: DataSource) {}

  async book(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QueueBook> {
    const queues = await manager.find(Queue, { where: { tenantId } });
    return new QueueBook(new Map(queues.map((queue) => [queue.name, toDefinition(queue)])));
  }

  async definition(
    tenantId: string,
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QueueDefinition> {
    const queue = await manager.findOneBy(Queue, { tenantId, name });
    return queue ? toDefinition(queue) : defaultQueue(name);
  }

  /** Every defined queue and every queue with waiting work, with its live figures. */
  async list(tenantId: string, now: Date = new Date()): Promise<QueueView[]> {
    const book = await this.book(tenantId);
    const figures = await this.figures(tenantId, now);
    const names = new Set([...book.all().map((queue) => queue.name), ...figures.keys()]);
    return [...names].sort().map((name) => this.view(book.named(name), figures.get(name), now));
  }

  async get(tenantId: string, name: string, now: Date = new Date()): Promise<QueueView> {
    const definition = await this.definition(tenantId, name);
    const figures = await this.figures(tenantId, now, name);
    return this.view(definition, figures.get(name), now);
  }

  async create(tenantId: string, body: QueueBody): Promise<QueueView> {
    await this.check(tenantId, body);
    await this.dataSource.transaction(async (manager) => {
      await this.unique(() => manager.insert(Queue, { tenantId, ...body }));
      await this.boost(manager, tenantId, body.name, body.priority);
    });
    return this.get(tenantId, body.name);
  }

  async replace(tenantId: string, name: string, body: QueueBody): Promise<QueueView> {
    if (body.name !== name)
      throw new ProblemException(
        400,
        'DESK.INVALID_QUEUE',
        'The name in the body must be the name in the path (a queue is renamed in the router policy).',
      );
    await this.check(tenantId, body);
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(Queue, { tenantId, name });
      if (!existing) throw this.notFound(name);
      await manager.update(Queue, { id: existing.id }, { ...body });
      await this.boost(manager, tenantId, name, body.priority);
    });
    return this.get(tenantId, name);
  }

  /** Its conversations stay where they are and get the defaults from now on. */
  async remove(tenantId: string, name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(Queue, { tenantId, name });
      if (!deleted.affected) throw this.notFound(name);
      await this.boost(manager, tenantId, name, 0);
    });
  }

  private notFound(name: string): ProblemException {
    return new ProblemException(404, 'DESK.QUEUE_NOT_FOUND', `No queue ${name} is defined.`);
  }

  /** Waiting work of the queue is ordered with its new priority at once. */
  private async boost(
    manager: EntityManager,
    tenantId: string,
    name: string,
    priority: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE conversations SET queue_boost = $3
        WHERE tenant_id = $1 AND queue = $2 AND status IN ('queued', 'offered') AND queue_boost <> $3`,
      [tenantId, name, priority],
    );
  }

  private async check(tenantId: string, body: QueueBody): Promise<void> {
    if (body.overflow.some((rule) => rule.toQueue === body.name))
      throw new ProblemException(400, 'DESK.INVALID_QUEUE', 'A queue cannot overflow to itself.');
    if (
      body.teamId !== null &&
      !(await this.dataSource.getRepository(Team).existsBy({ tenantId, id: body.teamId }))
    )
      throw new ProblemException(404, 'DESK.TEAM_NOT_FOUND', `No team ${body.teamId}.`);
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new ProblemException(409, 'DESK.QUEUE_EXISTS', 'A queue has this name already.');
      throw error;
    }
  }

  private async figures(
    tenantId: string,
    now: Date,
    only?: string,
  ): Promise<Map<string, Omit<FigureRow, 'queue'>>> {
    const rows: FigureRow[] = await this.dataSource.query(
      `SELECT c.queue,
              count(*) FILTER (WHERE c.status = 'queued') AS waiting,
              count(*) FILTER (WHERE c.status = 'offered') AS offered,
              min(c.queued_at) AS oldest,
              count(*) FILTER (WHERE c.queued_at <= $2::timestamptz - make_interval(secs => COALESCE(q.sla_seconds, 120) * $3::float8)) AS at_risk,
              count(*) FILTER (WHERE c.queued_at <= $2::timestamptz - make_interval(secs => COALESCE(q.sla_seconds, 120))) AS breached
         FROM conversations c
         LEFT JOIN queues q ON q.tenant_id = c.tenant_id AND q.name = c.queue
        WHERE c.tenant_id = $1 AND c.status IN ('queued', 'offered') AND ($4::text IS NULL OR c.queue = $4)
        GROUP BY c.queue`,
      [tenantId, now, SLA_AT_RISK_SHARE, only ?? null],
    );
    return new Map(rows.map(({ queue, ...row }) => [queue, row]));
  }

  private view(
    definition: QueueDefinition,
    row: Omit<FigureRow, 'queue'> | undefined,
    now: Date,
  ): QueueView {
    const opening = nextOpening(definition.hours, now);
    const open = opening === now;
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    const figures: QueueFigures = {
      waiting: Number(row?.waiting ?? 0),
      offered: Number(row?.offered ?? 0),
      longestWaitSeconds: oldest
        ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1_000))
        : null,
      slaAtRisk: Number(row?.at_risk ?? 0),
      slaBreached: Number(row?.breached ?? 0),
      open,
      opensAt: open || opening === null ? null : opening.toISOString(),
    };
    return { ...definition, figures };
  }
}
