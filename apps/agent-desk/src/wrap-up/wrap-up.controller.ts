import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import {
  createWrapUpCodeSchema,
  updateWrapUpCodeSchema,
  type CreateWrapUpCodeBody,
  type UpdateWrapUpCodeBody,
  type WrapUpCodeView,
} from './wrap-up.schemas';
import { WrapUpService } from './wrap-up.service';

/** The tenant's wrap-up codes: everyone at the desk reads them, admins write them. */
@Controller('v1/wrap-up-codes')
export class WrapUpController {
  constructor(private readonly wrapUp: WrapUpService) {}

  @Get()
  @Roles('agent')
  async list(@CurrentPrincipal() principal: Principal): Promise<{ wrapUpCodes: WrapUpCodeView[] }> {
    return { wrapUpCodes: await this.wrapUp.list(principal) };
  }

  @Post()
  @Roles('admin')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createWrapUpCodeSchema, 'DESK.INVALID_WRAP_UP_CODE'))
    body: CreateWrapUpCodeBody,
  ): Promise<WrapUpCodeView> {
    return this.wrapUp.create(principal, body);
  }

  @Put(':code')
  @Roles('admin')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('code') code: string,
    @Body(new ZodPipe(updateWrapUpCodeSchema, 'DESK.INVALID_WRAP_UP_CODE'))
    body: UpdateWrapUpCodeBody,
  ): Promise<WrapUpCodeView> {
    return this.wrapUp.update(principal, code, body);
  }

  @Delete(':code')
  @HttpCode(204)
  @Roles('admin')
  remove(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<void> {
    return this.wrapUp.remove(principal, code);
  }
}
