import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { declineSchema, type DeclineBody } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { z } from 'zod';
import { AssignmentService } from './assignment.service';

/** `GET /v1/offers`: the agent's pending offers, oldest first. */
export const offerListSchema = z.object({
  offers: z.array(
    z.object({
      id: z.string(),
      conversationId: z.string(),
      expiresAt: z.iso.datetime().describe('Accept before this; then it goes to someone else'),
    }),
  ),
});
export const offerAcceptedSchema = z.object({
  conversationId: z.string(),
  status: z.string().describe('`assigned`: the conversation is the agent’s now'),
});
export const offerDeclinedSchema = z.object({ status: z.literal('declined') });

@Controller('v1/offers')
@Roles('agent')
export class OffersController {
  constructor(private readonly assignment: AssignmentService) {}

  /** The agent's pending offers, oldest first. */
  @Get()
  async pending(
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof offerListSchema>> {
    const offers = await this.assignment.pendingOffers(principal.tenantId, principal.subject);
    return {
      offers: offers.map((offer) => ({
        id: offer.id,
        conversationId: offer.conversationId,
        expiresAt: offer.expiresAt.toISOString(),
      })),
    };
  }

  @Post(':id/accept')
  @HttpCode(200)
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<z.infer<typeof offerAcceptedSchema>> {
    const conversation = await this.assignment.accept(principal.tenantId, principal.subject, id);
    return { conversationId: conversation.id, status: conversation.status };
  }

  @Post(':id/decline')
  @HttpCode(200)
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(declineSchema)) body: DeclineBody,
  ): Promise<z.infer<typeof offerDeclinedSchema>> {
    await this.assignment.decline(principal.tenantId, principal.subject, id, body.reason ?? null);
    return { status: 'declined' as const };
  }
}
