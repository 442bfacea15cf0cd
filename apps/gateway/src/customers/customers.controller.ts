import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import {
  CustomersService,
  linkIdentitySchema,
  mergeSchema,
  updateCustomerSchema,
  type CustomerProfile,
  type UpdateCustomerBody,
} from './customers.service';

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get(':id')
  @Roles('agent')
  profile(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<CustomerProfile> {
    return this.customers.profile(principal, id);
  }

  /** Agents may correct a name or an attribute; the change is audited. */
  @Patch(':id')
  @Roles('agent')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(updateCustomerSchema)) body: UpdateCustomerBody,
  ): Promise<CustomerProfile> {
    return this.customers.update(principal, id, body);
  }

  @Post(':id/identities')
  @HttpCode(200)
  @Roles('supervisor')
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(linkIdentitySchema)) body: z.infer<typeof linkIdentitySchema>,
  ): Promise<CustomerProfile> {
    return this.customers.link(principal, id, body);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('supervisor')
  merge(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(mergeSchema)) body: z.infer<typeof mergeSchema>,
  ): Promise<CustomerProfile> {
    return this.customers.merge(principal, id, body.customerId);
  }

  @Get(':id/audit')
  @Roles('supervisor')
  async audit(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const entries = await this.customers.auditTrail(principal, id);
    return {
      entries: entries.map(({ action, detail, actor, at, customerId }) => ({
        customerId,
        action,
        detail,
        actor,
        at: at.toISOString(),
      })),
    };
  }
}
