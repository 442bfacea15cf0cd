import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import { transferSchema, type TransferBody, type TransferResult } from './transfer.schemas';
import { TransfersService } from './transfers.service';

/** Transfers (the assigned agent) and reassignments (supervisors); then offered anew. */
@Controller('v1/conversations/:id')
export class TransfersController {
  constructor(
    private readonly transfers: TransfersService,
    private readonly assignment: AssignmentService,
  ) {}

  @Post('transfer')
  @HttpCode(200)
  @Roles('agent')
  async transfer(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(transferSchema, 'DESK.INVALID_TRANSFER')) body: TransferBody,
  ): Promise<TransferResult> {
    const result = await this.transfers.move(principal, id, 'transfer', body);
    this.assignment.requestDispatch(principal.tenantId);
    return result;
  }

  @Post('reassign')
  @HttpCode(200)
  @Roles('supervisor')
  async reassign(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(transferSchema, 'DESK.INVALID_TRANSFER')) body: TransferBody,
  ): Promise<TransferResult> {
    const result = await this.transfers.move(principal, id, 'reassign', body);
    this.assignment.requestDispatch(principal.tenantId);
    return result;
  }
}
