import { Injectable } from '@nestjs/common';
import {
  createEvent,
  deterministicUuid,
  type AnyEvent,
  type EventEnvelope,
} from '@tandem/contracts';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { emptyState, foldEvent, type ConversationState } from './conversation-state';
import { decideEscalation } from './decide-escalation';
import { DecisionRow, ConversationStateRow } from './escalation.entities';
import { DEFAULT_POLICY } from './policy';
import { summarize } from './summarize';

export const ROUTER_CONSUMER = 'router';

/** Events after which the router asks whether a person must take over. */
const TRIGGERS = new Set<AnyEvent['type']>(['message.analyzed', 'human.requested', 'bot.deferred']);

@Injectable()
export class EscalationService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

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
    await this.unitOfWork.handleOnce(ROUTER_CONSUMER, event, async (tx) => {
      const before = await this.load(tx, event.tenantId, event.aggregateId);
      let state = foldEvent(before, event);
      if (TRIGGERS.has(event.type) && state.channel && state.customerId) {
        const decision = decideEscalation(state, DEFAULT_POLICY);
        if (decision.escalate) {
          const decisionId = deterministicUuid('escalation', event.id);
          const escalation = createEvent('escalation.decided', {
            tenantId: event.tenantId,
            aggregateId: event.aggregateId,
            cause: event,
            id: decisionId,
            payload: {
              decisionId,
              triggeredBy: event.id,
              reasons: decision.reasons,
              priority: decision.priority,
              skills: decision.skills,
              queue: decision.queue,
              policyVersion: decision.policyVersion,
              handoff: {
                summary: summarize(state.transcript, decision.reasons),
                transcript: state.transcript,
                customerId: state.customerId,
                channel: state.channel,
                lastSentiment: state.sentiments[state.sentiments.length - 1] ?? null,
                language: state.language,
              },
            },
          });
          tx.emit(escalation);
          state = foldEvent(state, escalation);
          await tx.manager.insert(DecisionRow, {
            id: decisionId,
            tenantId: event.tenantId,
            conversationId: event.aggregateId,
            triggeredBy: event.id,
            reasons: decision.reasons,
            priority: decision.priority,
            policyVersion: decision.policyVersion,
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
