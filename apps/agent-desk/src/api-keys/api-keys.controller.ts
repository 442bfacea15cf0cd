import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { ApiKeysService } from './api-keys.service';

const createKeySchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
});

@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createKeySchema)) body: z.infer<typeof createKeySchema>,
  ): Promise<{ id: string; key: string }> {
    return this.apiKeys.create(principal.tenantId, body.name, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(principal.tenantId, id);
  }
}
