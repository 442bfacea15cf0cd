import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import type { CustomerKeyring } from '@tandem/messaging';
import {
  CUSTOMER_KEYRING,
  CurrentPrincipal,
  ProblemException,
  Roles,
  ZodPipe,
} from '@tandem/platform';
import { ErasureService, type Erasure } from './erasure.service';

export const retentionSchema = z
  .object({
    /** Days after a customer's last message before they are erased; null keeps data until erased on request. */
    retentionDays: z.number().int().min(1).max(36_500).nullable(),
  })
  .strict();

@Controller('v1')
export class PrivacyController {
  constructor(
    private readonly erasure: ErasureService,
    @Inject(CUSTOMER_KEYRING) private readonly keyring: CustomerKeyring,
  ) {}

  /** The right to be forgotten: erases the customer (and everyone merged with them). */
  @Post('customers/:id/erasure')
  @HttpCode(200)
  @Roles('supervisor')
  erase(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Erasure> {
    return this.erasure.erase(principal.tenantId, id, 'request', principal.subject);
  }

  @Get('privacy/retention')
  @Roles('admin')
  retention(@CurrentPrincipal() principal: Principal): Promise<{ retentionDays: number | null }> {
    return this.erasure.retention(principal.tenantId);
  }

  @Put('privacy/retention')
  @Roles('admin')
  setRetention(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(retentionSchema)) body: z.infer<typeof retentionSchema>,
  ): Promise<{ retentionDays: number | null }> {
    return this.erasure.setRetention(principal.tenantId, body.retentionDays);
  }

  /** For the other services only: the key that opens a customer's personal fields on the log. */
  @Get('internal/customer-keys/:customerId')
  @Roles('service')
  async customerKey(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId') customerId: string,
  ): Promise<{ key: string }> {
    const key = await this.keyring.keyFor(principal.tenantId, customerId);
    if (!key)
      throw new ProblemException(410, 'GATEWAY.CUSTOMER_ERASED', 'This customer was erased.');
    return { key: key.toString('base64') };
  }
}
