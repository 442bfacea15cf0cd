import { Body, Controller, Get, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { deskSettingsSchema, type DeskSettings } from './desk-settings';
import { SettingsService } from './settings.service';

/** The tenant's desk settings: everyone at the desk reads them, admins write them. */
@Controller('v1/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Roles('agent')
  current(@CurrentPrincipal() principal: Principal): Promise<DeskSettings> {
    return this.settings.of(principal.tenantId);
  }

  /** Replaces the document; fields left out take their defaults. */
  @Put()
  @Roles('admin')
  write(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(deskSettingsSchema, 'DESK.INVALID_SETTINGS')) body: DeskSettings,
  ): Promise<DeskSettings> {
    return this.settings.write(principal, body);
  }
}
