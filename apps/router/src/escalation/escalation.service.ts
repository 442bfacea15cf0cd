import { Injectable } from '@nestjs/common';
import {
  createEvent,
  deterministicUuid,
  type AnyEvent,
  type EventEnvelope,
} from '@tandem/contracts';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { emptyState, foldEvent, type ConversationState } from './conversation-state';
import { PolicyService } from '../policies/policy.service';
import { decide } from './decide-escalation';
import { DecisionRow, ConversationStateRow } from './escalation.entities';
import { summarize } from './summarize';

export const ROUTER_CONSUMER = 'router';

/** Events after which the router asks whether a person must take over. */
const TRIGGERS = new Set<AnyEvent['type']>([
  'message.analyzed',
  'human.requested',
  'bot.deferred',
  // A low-confidence answer (LOW_CONFIDENCE) and time passing (TOO_LONG) show after a reply.
  'bot.replied',
]);

@Injectable()
export class EscalationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policies: PolicyService,
  ) {}

  /** An erased customer's conversations: their folded state (which quotes their text) goes. */
  async erase(event: EventEnvelope<'customer.erased'>): Promise<void> {
    await this.unitOfWork.handleOnce(ROUTER_CONSUMER, event, async (tx) => {
      await tx.manager.query(
        `DELETE FROM conversation_states WHERE tenant_id = $1 AND conversation_id = ANY($2)`,
        [event.tenantId, event.payload.conversationIds],
      );
    });
  }

  async onEvent(event: AnyEvent): Promise<void> {
    // The tenant's current policy; the decision records its version.
    const policy = await this.policies.current(event.tenantId);
    await this.unitOfWork.handleOnce(ROUTER_CONSUMER, event, async (tx) => {
      const before = await this.load(tx, event.tenantId, event.aggregateId);
      let state = foldEvent(before, event, policy);
      if (TRIGGERS.has(event.type) && state.channel && state.customerId) {
        const decision = decide(state, policy);
        if (decision.escalate) {
          const reasons = decision.reasons.map(({ code, detail }) => ({ code, detail }));
          const decisionId = deterministicUuid('escalation', event.id);
          const escalation = createEvent('escalation.decided', {
            tenantId: event.tenantId,
            aggregateId: event.aggregateId,
            cause: event,
            id: decisionId,
            payload: {
              decisionId,
              triggeredBy: event.id,
              reasons,
              priority: decision.priority,
              skills: decision.skills,
              queue: decision.queue,
              policyVersion: decision.policyVersion,
              handoff: {
                summary: summarize(state.transcript, reasons),
                transcript: state.transcript,
                customerId: state.customerId,
                channel: state.channel,
                lastSentiment: state.sentiments[state.sentiments.length - 1] ?? null,
                language: state.language,
              },
            },
          });
          tx.emit(escalation);
          state = foldEvent(state, escalation, policy);
          await tx.manager.insert(DecisionRow, {
            id: decisionId,
            tenantId: event.tenantId,
            conversationId: event.aggregateId,
            triggeredBy: event.id,
            reasons,
            priority: decision.priority,
            policyVersion: decision.policyVersion,
            queue: decision.queue,
            skills: decision.skills,
          });
        }
      }
      if (state !== before) {
        await tx.manager.upsert(
          ConversationStateRow,
          { conversationId: event.aggregateId, tenantId: event.tenantId, state },
          ['conversationId'],
        );
      }
    });
  }

  private async load(tx: Tx, tenantId: string, conversationId: string): Promise<ConversationState> {
    const row = await tx.manager.findOne(ConversationStateRow, {
      where: { conversationId, tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    return row?.state ?? emptyState(conversationId, tenantId);
  }
}
