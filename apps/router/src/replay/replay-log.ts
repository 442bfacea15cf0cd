import { z } from 'zod';
import { topicFor } from '@tandem/contracts';
import {
  LogReader,
  type CustomerKeyring,
  type Kafka,
  type LogReadProgress,
} from '@tandem/messaging';
import { emptyState, foldEvent, type ConversationState } from '../escalation/conversation-state';
import { decide } from '../escalation/decide-escalation';
import { isDecisionPoint } from '../escalation/decision-points';
import type { EscalationPolicy } from '../escalation/policy';
import { ReplayAccumulator, replayReportSchema, type ReplaySubject } from './replay-engine';

/** The router itself as a replay subject: its fold, and the candidate policy's decision. */
export function routerSubject(policy: EscalationPolicy): ReplaySubject<ConversationState> {
  return {
    start: (conversationId, tenantId) => emptyState(conversationId, tenantId),
    // The candidate's own de-escalation rules shape the state it decides on.
    fold: (state, event) => foldEvent(state, event, policy),
    decidesAfter: isDecisionPoint,
    decide: (state) => decide(state, policy),
    turns: (state) => state.customerTurns,
  };
}

/** A replay of the log: the report, for whom, under which version, and what it read. */
export const logReplaySchema = replayReportSchema.extend({
  tenantId: z.string(),
  policyVersion: z
    .number()
    .int()
    .min(0)
    .describe('The candidate: a stored version, or 0 for a policy sent with the request'),
  recordsRead: z.number().int().min(0).describe("Records read from the log (all tenants')"),
  durationMs: z.number().min(0),
});
export type LogReplay = z.infer<typeof logReplaySchema>;

/**
 * A candidate policy against every conversation of a tenant on the log, from its beginning to
 * where it ended when the replay began. Reads only: nothing is published or stored.
 */
export async function replayLog(options: {
  kafka: Kafka;
  /** Opens customers' sealed text (the router's fold reads it); without one it stays sealed. */
  keyring?: CustomerKeyring;
  topicPrefix: string;
  tenantId: string;
  policy: EscalationPolicy;
  onProgress?: (progress: LogReadProgress) => void;
  now?: () => number;
}): Promise<LogReplay> {
  const now = options.now ?? Date.now;
  const started = now();
  const replay = new ReplayAccumulator(routerSubject(options.policy));
  let recordsRead = 0;
  await new LogReader(options.kafka, options.keyring).read(
    [topicFor(options.topicPrefix, 'conversations')],
    (event) => replay.add(event),
    {
      tenantId: options.tenantId,
      onProgress: (progress) => {
        recordsRead = progress.read;
        options.onProgress?.(progress);
      },
    },
  );
  return {
    tenantId: options.tenantId,
    policyVersion: options.policy.version,
    ...replay.report(),
    recordsRead,
    durationMs: Math.max(0, now() - started),
  };
}
