import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import {
  createEvent,
  deterministicUuid,
  type AnyEvent,
  type EventEnvelope,
} from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { LOGGER } from '@tandem/platform';
import { emptyState, foldEvent, type ConversationState } from './conversation-state';
import { PolicyService } from '../policies/policy.service';
import { decide } from './decide-escalation';
import { isDecisionPoint } from './decision-points';
import { DecisionRow, ConversationStateRow } from './escalation.entities';
import { CustomerDirectory } from './customer-directory';
import { buildHandoff } from './handoff';
import { HandoffSummarizer } from './handoff-summarizer';

export const ROUTER_CONSUMER = 'router';

@Injectable()
export class EscalationService implements OnModuleDestroy {
  /** Model summaries being written (after their escalation committed). */
  private readonly summaries = new Set<Promise<void>>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policies: PolicyService,
    private readonly directory: CustomerDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional()
    @Inject(HandoffSummarizer)
    private readonly summarizer: HandoffSummarizer | null = null,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.summaries]);
  }

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
    let escalated: EventEnvelope<'escalation.decided'> | null = null;
    await this.unitOfWork.handleOnce(ROUTER_CONSUMER, event, async (tx) => {
      const before = await this.load(tx, event.tenantId, event.aggregateId);
      let state = foldEvent(before, event, policy);
      const { channel, customerId } = state;
      if (isDecisionPoint(event, state) && channel && customerId) {
        const decision = decide(state, policy);
        if (decision.escalate) {
          const reasons = decision.reasons.map(({ code, detail }) => ({ code, detail }));
          const decisionId = deterministicUuid('escalation', event.id);
          // Who the customer is across channels (bounded wait; without it on failure).
          const customer = await this.directory.profile(event.tenantId, customerId);
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
              noAgentOnline: policy.noAgentOnline,
              handoff: buildHandoff({ ...state, customerId, channel }, reasons, customer),
            },
          });
          tx.emit(escalation);
          escalated = escalation;
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
    if (escalated) this.summarizeLater(escalated);
  }

  /**
   * The model's summary, once the escalation is on its way: the handoff never waits for a
   * model. It follows as handoff.summarized; on any failure the extractive summary stands.
   */
  private summarizeLater(escalation: EventEnvelope<'escalation.decided'>): void {
    const summarizer = this.summarizer;
    if (!summarizer) return;
    const { handoff, decisionId, reasons } = escalation.payload;
    const task = (async () => {
      const summary = await summarizer.summarize({
        transcript: handoff.transcript,
        reasons,
        language: handoff.language,
      });
      if (!summary) return;
      await this.unitOfWork.run(async (tx) => {
        tx.emit(
          createEvent('handoff.summarized', {
            tenantId: escalation.tenantId,
            aggregateId: escalation.aggregateId,
            customerId: handoff.customerId,
            cause: escalation,
            id: deterministicUuid('handoff.summarized', decisionId),
            payload: { decisionId, summary },
          }),
        );
      });
    })()
      .catch((error: unknown) =>
        this.logger.warn({ err: error, decisionId }, 'handoff summary not published'),
      )
      .finally(() => this.summaries.delete(task));
    this.summaries.add(task);
  }

  private async load(tx: Tx, tenantId: string, conversationId: string): Promise<ConversationState> {
    const row = await tx.manager.findOne(ConversationStateRow, {
      where: { conversationId, tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    return row?.state ?? emptyState(conversationId, tenantId);
  }
}
