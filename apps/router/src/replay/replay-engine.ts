import { z } from 'zod';
import type { AnyEvent } from '@tandem/contracts';

/** What a replay needs of the router: its fold and a candidate policy's decision. */
export interface ReplaySubject<S> {
  start(conversationId: string, tenantId: string): S;
  fold(state: S, event: AnyEvent): S;
  /** Whether the live router decides after this event (the state folded with it). */
  decidesAfter(event: AnyEvent, state: S): boolean;
  /** The candidate policy's decision on a state (pure). */
  decide(state: S): { escalate: false } | { escalate: true; reasons: readonly { code: string }[] };
  /** The customer's messages so far: the unit "how early" is counted in. */
  turns(state: S): number;
}

/** How many changed conversations a report lists. */
const EXAMPLES = 100;

const tally = z.number().int().min(0);
const outcomes = z.object({
  escalated: tally,
  rate: z.number().min(0).max(1).describe('Of all conversations, rounded to 4 decimals'),
  reasons: z
    .record(z.string(), tally)
    .describe('Conversations per reason code (one with two reasons counts under both)'),
});

export const escalationPointSchema = z.object({
  turn: tally.describe('Customer turns when it happened'),
  reasons: z.array(z.string()).describe('Reason codes (EXPLICIT_REQUEST, TOPIC_RULE, ...)'),
  eventId: z
    .string()
    .describe('The event after which the candidate escalated, or the escalation event itself'),
});
export type EscalationPoint = z.infer<typeof escalationPointSchema>;

export const changedConversationSchema = z.object({
  conversationId: z.string(),
  actual: escalationPointSchema.nullable().describe('The first escalation in the log'),
  candidate: escalationPointSchema.nullable().describe('Where the candidate escalated'),
});
export type ChangedConversation = z.infer<typeof changedConversationSchema>;

/** What a replay found: the log's first escalations against the candidate's. */
export const replayReportSchema = z.object({
  conversations: tally,
  events: tally.describe('Events folded (each conversation up to its first escalation)'),
  actual: outcomes.describe('What the log shows'),
  candidate: outcomes.describe('What the candidate would have done'),
  timing: z
    .object({
      both: tally,
      earlier: tally,
      same: tally,
      meanTurnsEarlier: z.number().nullable(),
      medianTurnsEarlier: z.number().nullable(),
    })
    .describe('Conversations both escalated: how many customer turns earlier the candidate did'),
  changed: z.object({
    newlyEscalated: tally.describe('The candidate escalates where nobody did'),
    notEscalated: tally.describe(
      'Escalated in the log, not by the candidate before that point (later or never)',
    ),
    examples: z
      .array(changedConversationSchema)
      .max(EXAMPLES)
      .describe(`The first ${EXAMPLES} changed conversations, for a person to read`),
  }),
});
export type ReplayReport = z.infer<typeof replayReportSchema>;

interface Tracked<S> {
  state: S | null;
  tenantId: string;
  candidate: EscalationPoint | null;
  actual: EscalationPoint | null;
}

/**
 * Folds a log's conversations and asks a candidate policy, after every event, whether it
 * would hand the conversation to people — without affecting anything. The comparison is
 * honest about what the log can say: it ends at the first escalation actually made (after
 * it the bot stood aside, so the log shows nothing of what the bot would have done), so a
 * candidate is "earlier", "the same" or "not before it" (later or never), never "later by n".
 * Only first escalations are compared. Events must arrive in order per conversation.
 */
export class ReplayAccumulator<S> {
  private readonly tracked = new Map<string, Tracked<S>>();
  private events = 0;

  constructor(private readonly subject: ReplaySubject<S>) {}

  add(event: AnyEvent): void {
    if (event.aggregateId === undefined) return;
    let entry = this.tracked.get(event.aggregateId);
    if (!entry) {
      if (!isConversationEvent(event)) return;
      entry = {
        state: this.subject.start(event.aggregateId, event.tenantId),
        tenantId: event.tenantId,
        candidate: null,
        actual: null,
      };
      this.tracked.set(event.aggregateId, entry);
    }
    if (entry.state === null) return; // its window closed at the first escalation made
    this.events += 1;
    if (event.type === 'escalation.decided') {
      entry.actual = {
        turn: this.subject.turns(entry.state),
        reasons: event.payload.reasons.map((reason) => reason.code),
        eventId: event.id,
      };
      entry.state = null; // nothing after it says what the bot would have done
      return;
    }
    entry.state = this.subject.fold(entry.state, event);
    if (entry.candidate || !this.subject.decidesAfter(event, entry.state)) return;
    const decision = this.subject.decide(entry.state);
    if (decision.escalate)
      entry.candidate = {
        turn: this.subject.turns(entry.state),
        reasons: decision.reasons.map((reason) => reason.code),
        eventId: event.id,
      };
  }

  report(): ReplayReport {
    const actualReasons: Record<string, number> = {};
    const candidateReasons: Record<string, number> = {};
    const earlierBy: number[] = [];
    const examples: ChangedConversation[] = [];
    let actualEscalated = 0;
    let candidateEscalated = 0;
    let newlyEscalated = 0;
    let notEscalated = 0;
    for (const [conversationId, entry] of this.tracked) {
      if (entry.actual) {
        actualEscalated += 1;
        count(actualReasons, entry.actual.reasons);
      }
      if (entry.candidate) {
        candidateEscalated += 1;
        count(candidateReasons, entry.candidate.reasons);
      }
      if (entry.actual && entry.candidate) earlierBy.push(entry.actual.turn - entry.candidate.turn);
      const changed = (entry.actual === null) !== (entry.candidate === null);
      if (!changed) continue;
      if (entry.candidate) newlyEscalated += 1;
      else notEscalated += 1;
      if (examples.length < EXAMPLES)
        examples.push({ conversationId, actual: entry.actual, candidate: entry.candidate });
    }
    const conversations = this.tracked.size;
    const sorted = [...earlierBy].sort((a, b) => a - b);
    return {
      conversations,
      events: this.events,
      actual: {
        escalated: actualEscalated,
        rate: ratio(actualEscalated, conversations),
        reasons: actualReasons,
      },
      candidate: {
        escalated: candidateEscalated,
        rate: ratio(candidateEscalated, conversations),
        reasons: candidateReasons,
      },
      timing: {
        both: earlierBy.length,
        earlier: earlierBy.filter((turns) => turns > 0).length,
        same: earlierBy.filter((turns) => turns === 0).length,
        meanTurnsEarlier:
          sorted.length === 0
            ? null
            : sorted.reduce((sum, turns) => sum + turns, 0) / sorted.length,
        medianTurnsEarlier: sorted.length === 0 ? null : median(sorted),
      },
      changed: { newlyEscalated, notEscalated, examples },
    };
  }
}

/** A conversation is tracked from its first customer message or bot event, not from desk noise. */
function isConversationEvent(event: AnyEvent): boolean {
  return event.type === 'message.received' || event.type === 'human.requested';
}

function count(into: Record<string, number>, codes: readonly string[]): void {
  for (const code of new Set(codes)) into[code] = (into[code] ?? 0) + 1;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
