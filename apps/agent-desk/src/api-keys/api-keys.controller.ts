import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { ApiKeysService } from './api-keys.service';

export const createKeySchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
});

/** `POST /v1/api-keys` answers the key once; only its hash is stored. */
export const apiKeyCreatedSchema = z.object({
  id: z.uuid(),
  key: z.string().describe('Send as `X-Api-Key`; shown only in this answer'),
});

@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createKeySchema)) body: z.infer<typeof createKeySchema>,
  ): Promise<z.infer<typeof apiKeyCreatedSchema>> {
    return this.apiKeys.create(principal.tenantId, body.name, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(principal.tenantId, id);
  }
}
