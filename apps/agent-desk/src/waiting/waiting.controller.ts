import { Controller, Get, Param } from '@nestjs/common';
import type { ConversationWait } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles } from '@tandem/platform';
import { WaitingService } from './waiting.service';

/** Where a waiting conversation stands; the bot asks it (service token) for its notices. */
@Controller('v1/conversations')
export class WaitingController {
  constructor(private readonly waiting: WaitingService) {}

  @Get(':id/wait')
  @Roles('supervisor')
  wait(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ConversationWait> {
    return this.waiting.waitOf(principal.tenantId, id);
  }
}
