import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import type { DeskConfig } from '../config';
import { APP_CONFIG, ProblemException, ServiceCallError, ServiceClient } from '@tandem/platform';
import {
  customerProfileSchema,
  type CustomerEditBody,
  type CustomerProfile,
} from './conversation.schemas';
import { DeskConversation } from './desk-conversation.entity';

/**
 * An agent corrects the customer's attributes (or name) from the conversation they work on;
 * the gateway owns customers, so the desk forwards the edit to its customer API with a
 * service token (the gateway audits it as the desk's). The handoff the desk shows keeps the
 * corrected name.
 */
@Injectable()
export class CustomerEditsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
  ) {}

  async edit(
    principal: Principal,
    conversationId: string,
    body: CustomerEditBody,
  ): Promise<CustomerProfile> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    const assignedToMe =
      conversation?.agentId === principal.subject && conversation.status === 'assigned';
    if (
      !conversation ||
      (principal.role === 'agent' && conversation.agentId !== principal.subject)
    ) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    }
    if (principal.role === 'agent' && !assignedToMe) {
      throw new ProblemException(
        409,
        'DESK.NOT_ASSIGNED_TO_YOU',
        `The conversation is ${conversation.status}; only its assigned agent or a supervisor edits the customer.`,
      );
    }
    const customerId = conversation.handoff.customerId;
    let profile: CustomerProfile;
    try {
      profile = await this.services.patch(
        `${this.config.GATEWAY_URL}/v1/customers/${encodeURIComponent(customerId)}`,
        principal.tenantId,
        body,
        customerProfileSchema,
      );
    } catch (error) {
      if (error instanceof ServiceCallError && error.status === 404)
        throw new ProblemException(
          404,
          'DESK.CUSTOMER_NOT_FOUND',
          'The gateway does not know this customer.',
        );
      if (error instanceof ServiceCallError && error.status === 400)
        throw new ProblemException(
          400,
          'DESK.INVALID_CUSTOMER_EDIT',
          'The gateway refused the edit.',
        );
      throw new ProblemException(
        502,
        'DESK.GATEWAY_UNAVAILABLE',
        'The customer could not be updated; try again.',
      );
    }
    if (conversation.handoff.customer) {
      await this.dataSource.query(
        `UPDATE conversations
            SET handoff = jsonb_set(handoff, '{customer,displayName}', to_jsonb($3::text))
          WHERE tenant_id = $1 AND id = $2 AND handoff->'customer' IS NOT NULL AND handoff->'customer' <> 'null'::jsonb`,
        [principal.tenantId, conversationId, profile.displayName],
      );
    }
    return profile;
  }
}
