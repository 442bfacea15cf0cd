import { Controller, Get } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import { QueuesService } from '../queues/queues.service';
import type { TransferTargets } from './transfer.schemas';

const PRESENCE_ORDER = { online: 0, busy: 1, away: 2, offline: 3 } as const;

/** What an agent's transfer dialog offers: the tenant's queues and their colleagues. */
@Controller('v1/transfer-targets')
export class TransferTargetsController {
  constructor(
    private readonly queues: QueuesService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles('agent')
  async list(@CurrentPrincipal() principal: Principal): Promise<TransferTargets> {
    const [queues, agents] = await Promise.all([
      this.queues.list(principal.tenantId),
      this.dataSource.getRepository(Agent).find({
        where: { tenantId: principal.tenantId, active: true, id: Not(principal.subject) },
        order: { name: 'ASC', id: 'ASC' },
      }),
    ]);
    return {
      queues: queues.map((queue) => ({
        name: queue.name,
        waiting: queue.figures.waiting + queue.figures.offered,
        open: queue.figures.open,
      })),
      agents: agents
        .map((agent) => ({
          id: agent.id,
          name: agent.name,
          presence: agent.presence,
          languages: [...agent.languages],
        }))
        .sort((a, b) => PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence]),
    };
  }
}
