import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { ProblemException } from '@tandem/platform';
import { toTeamView, type TeamView } from './team-schemas';
import { Team } from './team.entity';

const UNIQUE_VIOLATION = '23505';

/** Teams: plain CRUD; deleting a team leaves its agents without one. */
@Injectable()
export class TeamsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(tenantId: string): Promise<TeamView[]> {
    const teams = await this.dataSource
      .getRepository(Team)
      .find({ where: { tenantId }, order: { name: 'ASC' } });
    const counts: { team_id: string; members: string }[] = await this.dataSource.query(
      `SELECT team_id, count(*) AS members FROM agents
        WHERE tenant_id = $1 AND active AND team_id IS NOT NULL GROUP BY team_id`,
      [tenantId],
    );
    const membersOf = new Map(counts.map((row) => [row.team_id, Number(row.members)]));
    return teams.map((team) => toTeamView(team, membersOf.get(team.id) ?? 0));
  }

  async create(tenantId: string, name: string): Promise<TeamView> {
    const team = await this.unique(() =>
      this.dataSource.getRepository(Team).save({ tenantId, name }),
    );
    return toTeamView(team, 0);
  }

  async rename(tenantId: string, id: string, name: string): Promise<TeamView> {
    const team = await this.find(tenantId, id);
    team.name = name;
    await this.unique(() => this.dataSource.getRepository(Team).save(team));
    return (await this.list(tenantId)).find((view) => view.id === id)!;
  }

  /** Refused while a queue is restricted to the team (it would silently open the queue to all). */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.find(tenantId, id);
    const [used]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM queues WHERE tenant_id = $1 AND team_id = $2`,
      [tenantId, id],
    );
    if (Number(used?.count ?? 0) > 0)
      throw new ProblemException(
        409,
        'DESK.TEAM_IN_USE',
        'A queue is restricted to this team; change the queue first.',
      );
    await this.dataSource.getRepository(Team).delete({ tenantId, id });
  }

  async find(tenantId: string, id: string): Promise<Team> {
    const team = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(Team).findOneBy({ tenantId, id })
      : null;
    if (!team) throw new ProblemException(404, 'DESK.TEAM_NOT_FOUND', `No team ${id}.`);
    return team;
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new ProblemException(409, 'DESK.TEAM_NAME_TAKEN', 'A team has this name already.');
      throw error;
    }
  }
}
