import type { EscalationReasonCode, Sentiment } from '@tandem/contracts';
import { emptyState, type ConversationState } from './conversation-state';
import { decide, movingAverage, recentDrop } from './decide-escalation';
import {
  DEFAULT_POLICY,
  policyDocumentSchema,
  type EscalationPolicy,
  type PolicyDocumentInput,
  type Priority,
} from './policy';

const score = (value: number): Sentiment => ({
  polarity: value < -0.1 ? 'negative' : value > 0.1 ? 'positive' : 'neutral',
  score: value,
  intensity: Math.abs(value),
});
const calm = score(0);
const negative = (intensity: number): Sentiment => ({
  polarity: 'negative',
  score: -intensity,
  intensity,
});

/** A conversation in bot mode, in English, one calm customer message so far. */
function state(overrides: Partial<ConversationState>): ConversationState {
  return {
    ...emptyState('c1', 't1'),
    language: 'en',
    customerTurns: 1,
    episodeTurns: 1,
    startedAt: '2026-12-01T10:00:00.000Z',
    episodeStartedAt: '2026-12-01T10:00:00.000Z',
    lastEventAt: '2026-12-01T10:01:00.000Z',
    sentiments: [calm],
    customerId: 'cu1',
    ...overrides,
  };
}

function policy(document: PolicyDocumentInput): EscalationPolicy {
  return { ...policyDocumentSchema.parse(document), version: 7 };
}

const minutesLater = (minutes: number): string =>
  new Date(Date.parse('2026-12-01T10:00:00.000Z') + minutes * 60_000).toISOString();

interface Expected {
  codes: EscalationReasonCode[];
  priority: Priority;
  queue?: string;
  skills?: string[];
}

const vipAtOnce = policy({ vip: { immediate: true, queue: 'vip' } });
const topicRules = policy({
  topics: [
    { intents: ['legal'], immediate: true, priority: 'urgent', queue: 'legal', skills: ['law'] },
    { intents: ['Refund'], queue: 'billing', skills: ['billing'] },
  ],
});

/** The default policy, as a specification: each row is one situation and what the router does. */
describe('decide: when a person takes over, and why', () => {
  it.each<[string, Partial<ConversationState>, EscalationPolicy, Expected | null]>([
    ['a calm first question → the bot keeps it', {}, DEFAULT_POLICY, null],
    [
      'no customer message yet → nothing to decide',
      { customerTurns: 0, episodeTurns: 0 },
      DEFAULT_POLICY,
      null,
    ],

    // Explicit request: at once, no confirmation.
    [
      'the customer asks for a person → at once, priority high',
      { explicitRequest: true },
      DEFAULT_POLICY,
      { codes: ['EXPLICIT_REQUEST'], priority: 'high', queue: 'general', skills: ['lang:en'] },
    ],
    [
      'already with people → no second escalation',
      { explicitRequest: true, mode: 'escalated' },
      DEFAULT_POLICY,
      null,
    ],

    // Negative sentiment: one intense message, or strong anger/frustration.
    [
      'negative at intensity 0.79 → not yet',
      { sentiments: [negative(0.79)] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'negative at intensity 0.8 → escalate, priority high',
      { sentiments: [negative(0.8)] },
      DEFAULT_POLICY,
      { codes: ['NEGATIVE_SENTIMENT'], priority: 'high' },
    ],
    ['intensely positive → no', { sentiments: [score(0.9)] }, DEFAULT_POLICY, null],
    [
      'furious, then calm → the latest message counts',
      { sentiments: [negative(0.9), calm] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'anger at 0.8 in a neutral-sounding message → escalate',
      { emotions: [{ emotion: 'anger', score: 0.8 }] },
      DEFAULT_POLICY,
      { codes: ['NEGATIVE_SENTIMENT'], priority: 'high' },
    ],
    [
      'frustration at 0.79 → not yet',
      { emotions: [{ emotion: 'frustration', score: 0.79 }] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'anxiety, however strong → not a reason by itself',
      { emotions: [{ emotion: 'anxiety', score: 1 }] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'negative sentiment switched off → no',
      { sentiments: [negative(1)] },
      policy({ negativeSentiment: { enabled: false } }),
      null,
    ],

    // Sentiment worsening: the moving average (smoothing 0.5) or the drop over 3 messages.
    [
      'moving average reaches -0.5 over two messages → escalate, priority normal',
      { episodeTurns: 2, sentiments: [score(-0.4), score(-0.6)] },
      DEFAULT_POLICY,
      { codes: ['SENTIMENT_WORSENING'], priority: 'normal' },
    ],
    [
      'moving average at -0.495 → not yet',
      { episodeTurns: 2, sentiments: [score(-0.4), score(-0.59)] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'one message at -0.7 → too early to call a trend',
      { episodeTurns: 1, sentiments: [score(-0.7)] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'score fell by 0.9 over three messages → escalate',
      { episodeTurns: 3, sentiments: [score(0.5), score(0.2), score(-0.4)] },
      DEFAULT_POLICY,
      { codes: ['SENTIMENT_WORSENING'], priority: 'normal' },
    ],
    [
      'score fell by 0.89 → not yet',
      { episodeTurns: 3, sentiments: [score(0.5), score(0.2), score(-0.39)] },
      DEFAULT_POLICY,
      null,
    ],

    // Low confidence: answers below 0.5, twice in a row.
    [
      'two answers below 0.5 in a row → escalate, priority normal',
      { confidences: [0.9, 0.4, 0.49] },
      DEFAULT_POLICY,
      { codes: ['LOW_CONFIDENCE'], priority: 'normal' },
    ],
    [
      'an answer at exactly 0.5 is not low → not yet',
      { confidences: [0.4, 0.5] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'a confident answer breaks the run → not yet',
      { confidences: [0.4, 0.9, 0.3] },
      DEFAULT_POLICY,
      null,
    ],

    // Deferrals: twice in a row, or at once when the model says a person is needed.
    ['one deferral → the bot may still help', { consecutiveDeferrals: 1 }, DEFAULT_POLICY, null],
    [
      'two deferrals in a row → escalate, priority normal',
      { consecutiveDeferrals: 2 },
      DEFAULT_POLICY,
      { codes: ['BOT_DEFERRED'], priority: 'normal' },
    ],
    [
      'the model judged a person is needed → at once, on the first deferral',
      { consecutiveDeferrals: 1, humanNeeded: true },
      DEFAULT_POLICY,
      { codes: ['BOT_DEFERRED'], priority: 'normal' },
    ],
    [
      'the model’s judgement with humanNeededAtOnce off → the count decides',
      { consecutiveDeferrals: 1, humanNeeded: true },
      policy({ deferrals: { humanNeededAtOnce: false } }),
      null,
    ],
    [
      'a state stored before the model’s judgement was kept → the count decides',
      { consecutiveDeferrals: 1, humanNeeded: undefined },
      DEFAULT_POLICY,
      null,
    ],

    // Looping: a message at least 0.6 alike to an earlier one.
    [
      'a message 0.59 alike to an earlier one → not a repeat',
      { questionSimilarities: [0, 0.59] },
      DEFAULT_POLICY,
      null,
    ],
    [
      'a message 0.6 alike → the customer is going round in circles',
      { questionSimilarities: [0, 0.6] },
      DEFAULT_POLICY,
      { codes: ['LOOPING'], priority: 'normal' },
    ],
    [
      'one repeat where the policy wants two → not yet',
      { questionSimilarities: [0, 0.9] },
      policy({ looping: { repeats: 2 } }),
      null,
    ],
    [
      'two repeats where the policy wants two → escalate',
      { questionSimilarities: [0, 0.9, 0.7] },
      policy({ looping: { repeats: 2 } }),
      { codes: ['LOOPING'], priority: 'normal' },
    ],

    // Too many turns, too long.
    ['7 customer messages → not yet', { episodeTurns: 7 }, DEFAULT_POLICY, null],
    [
      '8 customer messages → escalate',
      { episodeTurns: 8 },
      DEFAULT_POLICY,
      { codes: ['TOO_MANY_TURNS'], priority: 'normal' },
    ],
    [
      'a state stored before episodes counts all its turns',
      { customerTurns: 8, episodeTurns: undefined },
      DEFAULT_POLICY,
      { codes: ['TOO_MANY_TURNS'], priority: 'normal' },
    ],
    [
      '29 minutes since the first message → not yet',
      { lastEventAt: minutesLater(29) },
      DEFAULT_POLICY,
      null,
    ],
    [
      '30 minutes → escalate',
      { lastEventAt: minutesLater(30) },
      DEFAULT_POLICY,
      { codes: ['TOO_LONG'], priority: 'normal' },
    ],
    [
      'a state stored before episodes counts from the first message',
      { episodeStartedAt: undefined, lastEventAt: minutesLater(31) },
      DEFAULT_POLICY,
      { codes: ['TOO_LONG'], priority: 'normal' },
    ],

    // VIP.
    [
      'a VIP under the default policy → the bot may answer first',
      { tier: 'vip' },
      DEFAULT_POLICY,
      null,
    ],
    [
      'a VIP when VIPs go straight to people → at once, to the VIP queue',
      { tier: 'VIP' },
      vipAtOnce,
      { codes: ['VIP'], priority: 'high', queue: 'vip' },
    ],
    [
      'a standard customer under the same policy → the bot keeps it',
      { tier: 'standard' },
      vipAtOnce,
      null,
    ],
    [
      'a VIP with two deferrals under the default → priority raised to high',
      { tier: 'vip', consecutiveDeferrals: 2 },
      DEFAULT_POLICY,
      { codes: ['BOT_DEFERRED'], priority: 'high', queue: 'general' },
    ],

    // Topic rules.
    [
      'a legal question → straight to the legal queue, urgent, with the law skill',
      { topics: ['legal'] },
      topicRules,
      { codes: ['TOPIC_RULE'], priority: 'urgent', queue: 'legal', skills: ['lang:en', 'law'] },
    ],
    ['a refund question → the bot may answer', { topics: ['refund'] }, topicRules, null],
    [
      'a refund question the bot cannot answer → billing queue with the billing skill',
      { topics: ['refund'], consecutiveDeferrals: 2, language: 'zh' },
      topicRules,
      {
        codes: ['BOT_DEFERRED'],
        priority: 'normal',
        queue: 'billing',
        skills: ['lang:zh', 'billing'],
      },
    ],

    // Combinations: every reason is reported; the priority is the highest.
    [
      'explicit request while furious after two deferrals → every reason, priority high',
      { explicitRequest: true, consecutiveDeferrals: 2, sentiments: [negative(0.9)] },
      DEFAULT_POLICY,
      { codes: ['EXPLICIT_REQUEST', 'NEGATIVE_SENTIMENT', 'BOT_DEFERRED'], priority: 'high' },
    ],
    [
      'looping for 8 turns → both reasons, priority normal',
      { episodeTurns: 8, questionSimilarities: [0.8] },
      DEFAULT_POLICY,
      { codes: ['LOOPING', 'TOO_MANY_TURNS'], priority: 'normal' },
    ],
    [
      'explicit request at low priority with a legal topic → urgent wins',
      { explicitRequest: true, topics: ['legal'] },
      policy({ topics: topicRules.topics, explicitRequest: { priority: 'low' } }),
      { codes: ['EXPLICIT_REQUEST', 'TOPIC_RULE'], priority: 'urgent', queue: 'legal' },
    ],
  ])('%s', (_case, overrides, applied, expected) => {
    const decision = decide(state(overrides), applied);
    if (expected === null) {
      expect(decision).toEqual({ escalate: false });
      return;
    }
    expect(decision.escalate).toBe(true);
    if (!decision.escalate) return;
    expect(decision.reasons.map((reason) => reason.code)).toEqual(expected.codes);
    expect(decision.priority).toBe(expected.priority);
    expect(decision.policyVersion).toBe(applied.version);
    if (expected.queue) expect(decision.queue).toBe(expected.queue);
    if (expected.skills) expect(decision.skills).toEqual(expected.skills);
    for (const reason of decision.reasons) expect(reason.detail.length).toBeGreaterThan(10);
  });

  it('explains each reason with its figures', () => {
    const decision = decide(
      state({
        consecutiveDeferrals: 3,
        sentiments: [negative(0.85)],
        lastEventAt: minutesLater(45),
      }),
      DEFAULT_POLICY,
    );
    expect(decision.escalate && decision.reasons.map((reason) => reason.detail)).toEqual([
      'negative sentiment at intensity 0.85 (threshold 0.8)',
      'the bot could not answer 3 times in a row',
      '45 minutes since the first message (at most 30)',
    ]);
  });
});

describe('sentiment trend', () => {
  it('the moving average weighs the newest message by the smoothing', () => {
    expect(movingAverage([score(-0.2), score(-0.6), score(-1)], 0.5)).toBeCloseTo(-0.7);
    expect(movingAverage([], 0.5)).toBeNull();
  });

  it('the drop runs from the start of the window to the latest message', () => {
    expect(recentDrop([score(0.9), score(0.5), score(0.2), score(-0.4)], 3)).toBeCloseTo(0.9);
    expect(recentDrop([score(0.5)], 3)).toBeNull();
  });
});
