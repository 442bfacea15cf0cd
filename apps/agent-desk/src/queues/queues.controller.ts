import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { queueBodySchema, type QueueBody, type QueueList, type QueueView } from './queue-schemas';
import { QueuesService } from './queues.service';

/** Queues: supervisors read them with live figures, admins define them. */
@Controller('v1/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  /** Every defined queue and every queue with waiting work (defaults when undefined). */
  @Get()
  @Roles('supervisor')
  async list(@CurrentPrincipal() principal: Principal): Promise<QueueList> {
    return { queues: await this.queues.list(principal.tenantId) };
  }

  @Get(':name')
  @Roles('supervisor')
  get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<QueueView> {
    return this.queues.get(principal.tenantId, name);
  }

  @Post()
  @Roles('admin')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(queueBodySchema, 'DESK.INVALID_QUEUE')) body: QueueBody,
  ): Promise<QueueView> {
    return this.queues.create(principal.tenantId, body);
  }

  @Put(':name')
  @Roles('admin')
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body(new ZodPipe(queueBodySchema, 'DESK.INVALID_QUEUE')) body: QueueBody,
  ): Promise<QueueView> {
    return this.queues.replace(principal.tenantId, name, body);
  }

  @Delete(':name')
  @Roles('admin')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<void> {
    return this.queues.remove(principal.tenantId, name);
  }
}
