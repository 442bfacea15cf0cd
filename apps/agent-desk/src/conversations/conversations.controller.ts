import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  agentReplySchema,
  resolveSchema,
  type AgentReplyBody,
  type ResolveBody,
} from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import { ConversationsService, type ConversationView } from './conversations.service';

@Controller('v1/conversations')
@Roles('agent')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly assignment: AssignmentService,
  ) {}

  @Get()
  async mine(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ conversations: { id: string; status: string; assignedAt: string | null }[] }> {
    const rows = await this.conversations.listMine(principal);
    return {
      conversations: rows.map((row) => ({
        id: row.id,
        status: row.status,
        assignedAt: row.assignedAt?.toISOString() ?? null,
      })),
    };
  }

  @Get(':id')
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ConversationView> {
    return this.conversations.view(principal, id);
  }

  @Post(':id/messages')
  @HttpCode(202)
  reply(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(agentReplySchema)) body: AgentReplyBody,
  ): Promise<{ replyId: string }> {
    return this.conversations.reply(principal, id, body.text);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(resolveSchema)) body: ResolveBody,
  ): Promise<{ status: 'resolved' }> {
    await this.conversations.resolve(principal, id, body.wrapUpCode, body.note);
    await this.assignment.dispatch(principal.tenantId);
    return { status: 'resolved' };
  }
}
