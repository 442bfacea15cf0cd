import { Body, Controller, Get, Post } from '@nestjs/common';
import { createChannelSchema, type CreateChannelBody } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { toChannelView, type ChannelView } from './channel.entity';
import { ChannelsService } from './channels.service';

@Controller('v1/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Post()
  @Roles('admin')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createChannelSchema)) body: CreateChannelBody,
  ): Promise<ChannelView> {
    return toChannelView(await this.channels.create(principal.tenantId, body));
  }

  @Get()
  @Roles('supervisor')
  async list(@CurrentPrincipal() principal: Principal): Promise<{ channels: ChannelView[] }> {
    return { channels: (await this.channels.list(principal.tenantId)).map(toChannelView) };
  }
}
