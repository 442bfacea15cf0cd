import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  playgroundRequestSchema,
  type PlaygroundRequest,
  type PlaygroundResponse,
} from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { PlaygroundService } from './playground.service';

@Controller('v1/playground')
export class PlaygroundController {
  constructor(private readonly playground: PlaygroundService) {}

  /** What the bot would answer (or why it would defer), for supervisors trying out the bot. */
  @Post()
  @HttpCode(200)
  @Roles('supervisor')
  ask(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(playgroundRequestSchema)) body: PlaygroundRequest,
  ): Promise<PlaygroundResponse> {
    return this.playground.ask(principal.tenantId, body);
  }
}
