import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  agentReplySchema,
  resolveSchema,
  type AgentReplyBody,
  type ResolveBody,
} from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import {
  conversationListQuerySchema,
  customerEditSchema,
  type ConversationList,
  type ConversationListQuery,
  type ConversationView,
  type CustomerEditBody,
  type CustomerProfile,
  type ReplyAccepted,
  type Resolved,
} from './conversation.schemas';
import { ConversationsService } from './conversations.service';
import { CustomerEditsService } from './customer-edits.service';
import { MonitorService } from './monitor.service';

@Controller('v1/conversations')
@Roles('agent')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly monitor: MonitorService,
    private readonly customers: CustomerEditsService,
    private readonly assignment: AssignmentService,
  ) {}

  /** Supervisors monitor the tenant (filters); agents list their own conversations. */
  @Get()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(conversationListQuerySchema, 'DESK.INVALID_QUERY'))
    query: ConversationListQuery,
  ): Promise<ConversationList> {
    return this.monitor.list(principal, query);
  }

  @Get(':id')
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ConversationView> {
    return this.monitor.view(principal, id);
  }

  @Post(':id/messages')
  @HttpCode(202)
  reply(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(agentReplySchema)) body: AgentReplyBody,
  ): Promise<ReplyAccepted> {
    return this.conversations.reply(principal, id, body.text);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(resolveSchema)) body: ResolveBody,
  ): Promise<Resolved> {
    await this.conversations.resolve(principal, id, body.wrapUpCode, body.note);
    this.assignment.requestDispatch(principal.tenantId);
    return { status: 'resolved' };
  }

  /** The assigned agent or a supervisor corrects the customer's attributes (the gateway's customer). */
  @Patch(':id/customer')
  editCustomer(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(customerEditSchema, 'DESK.INVALID_CUSTOMER_EDIT')) body: CustomerEditBody,
  ): Promise<CustomerProfile> {
    return this.customers.edit(principal, id, body);
  }
}
