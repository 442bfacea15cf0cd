import { createEvent, type AnyEvent, type BotDeferralReason } from '@tandem/contracts';
import { emptyState, foldEvent, type ConversationState } from './conversation-state';
import { decide } from './decide-escalation';
import { DEFAULT_POLICY, policyDocumentSchema } from './policy';

const base = {
  tenantId: 't1',
  aggregateId: 'c1',
  occurredAt: new Date('2026-11-22T10:00:00.000Z'),
};
/** One fold step with the default policy, for `reduce`. */
const step = (state: ConversationState, event: AnyEvent): ConversationState =>
  foldEvent(state, event);
const received = (messageId: string, text: string): AnyEvent =>
  createEvent('message.received', {
    ...base,
    payload: {
      messageId,
      channel: { id: 'ch1', type: 'generic' },
      channelMessageId: messageId,
      customer: { id: 'cu1' },
      text,
      attachments: [],
      receivedAt: '2026-11-22T10:00:00.000Z',
    },
  });
const deferred = (inReplyTo: string, reason: BotDeferralReason = 'LOW_CONFIDENCE'): AnyEvent =>
  createEvent('bot.deferred', {
    ...base,
    payload: { inReplyTo, reason, confidence: 0.2 },
  });
const analyzed = (messageId: string, humanRequested: boolean): AnyEvent =>
  createEvent('message.analyzed', {
    ...base,
    payload: {
      messageId,
      language: 'en',
      sentiment: { polarity: 'neutral', score: 0, intensity: 0 },
      humanRequested,
      intent: null,
      emotions: [],
    },
  });
const replied = (inReplyTo: string, kind: 'answer' | 'notice' = 'answer'): AnyEvent =>
  createEvent('bot.replied', {
    ...base,
    payload: {
      replyId: `r-${inReplyTo}`,
      inReplyTo,
      text: kind === 'answer' ? 'an answer' : 'You are next in the queue.',
      language: 'en',
      confidence: kind === 'answer' ? 0.9 : 1,
      sources: [],
      provider: 'local',
      kind,
    },
  });

describe('folding a conversation', () => {
  it('counts turns and keeps the transcript in order', () => {
    const state = [received('m1', 'hi'), replied('m1'), received('m2', 'and?')].reduce(
      step,
      emptyState('c1', 't1'),
    );
    expect(state.customerTurns).toBe(2);
    expect(state.transcript.map((entry) => `${entry.role}:${entry.text}`)).toEqual([
      'customer:hi',
      'bot:an answer',
      'customer:and?',
    ]);
    expect(state.customerId).toBe('cu1');
  });

  it('counts deferrals in a row, and an answer breaks the run', () => {
    const events = [received('m1', 'a'), deferred('m1'), received('m2', 'b'), deferred('m2')];
    expect(events.reduce(step, emptyState('c1', 't1')).consecutiveDeferrals).toBe(2);
    expect(
      [...events, received('m3', 'c'), replied('m3')].reduce(step, emptyState('c1', 't1'))
        .consecutiveDeferrals,
    ).toBe(0);
  });

  it('a waiting notice goes into the transcript but is no answer: the run of deferrals goes on', () => {
    const state = [
      received('m1', 'a'),
      deferred('m1'),
      received('m2', 'b'),
      replied('m2', 'notice'),
    ].reduce(step, emptyState('c1', 't1'));
    expect(state.consecutiveDeferrals).toBe(1);
    expect(state.transcript.map((entry) => entry.text)).toContain('You are next in the queue.');
  });

  it('returns to the bot after a person resolves', () => {
    const escalated = foldEvent(
      emptyState('c1', 't1'),
      createEvent('human.requested', { ...base, payload: { messageId: 'm1', source: 'button' } }),
    );
    const resolved = foldEvent(
      { ...escalated, mode: 'escalated' },
      createEvent('conversation.resolved', {
        ...base,
        payload: { agentId: 'a1', wrapUpCode: 'done', note: '' },
      }),
    );
    expect(resolved).toMatchObject({ mode: 'bot', explicitRequest: false });
  });

  it.each([
    ['LOW_CONFIDENCE', 1, false],
    ['MODEL_UNSURE', 1, false],
    ['PROVIDER_ERROR', 1, false],
    ['HUMAN_NEEDED', 1, true],
    ['HUMAN_REQUESTED', 0, false],
  ] as const)(
    'a deferral for %s → %i deferral(s) in a row, model judged a person needed: %s',
    (reason, consecutiveDeferrals, humanNeeded) => {
      const state = [received('m1', 'a'), deferred('m1', reason)].reduce(
        step,
        emptyState('c1', 't1'),
      );
      expect(state).toMatchObject({ consecutiveDeferrals, humanNeeded });
    },
  );

  it.each([
    ['an answer', (messageId: string) => replied(messageId)],
    [
      'a person resolving the conversation',
      () =>
        createEvent('conversation.resolved', {
          ...base,
          payload: { agentId: 'a1', wrapUpCode: 'done', note: '' },
        }),
    ],
  ])('%s clears the model’s judgement', (_case, after) => {
    const state = [received('m1', 'a'), deferred('m1', 'HUMAN_NEEDED'), after('m1')].reduce(
      step,
      emptyState('c1', 't1'),
    );
    expect(state.humanNeeded).toBe(false);
  });

  it.each([
    [
      'the model says a person is needed → escalate on that first deferral',
      [received('m1', 'my contract'), analyzed('m1', false), deferred('m1', 'HUMAN_NEEDED')],
      ['BOT_DEFERRED'],
    ],
    [
      'the customer asks for a person → escalate through the explicit request',
      [received('m1', 'a person please'), analyzed('m1', true), deferred('m1', 'HUMAN_REQUESTED')],
      ['EXPLICIT_REQUEST'],
    ],
    [
      'the bot was unsure once → not yet',
      [received('m1', 'hm'), analyzed('m1', false), deferred('m1', 'MODEL_UNSURE')],
      null,
    ],
  ])('folded then decided: %s', (_case, events, codes) => {
    const decision = decide(events.reduce(step, emptyState('c1', 't1')), DEFAULT_POLICY);
    expect(decision.escalate ? decision.reasons.map((reason) => reason.code) : null).toEqual(codes);
  });
});

describe('folding what decide needs', () => {
  const at = (minutes: number) =>
    new Date(Date.parse('2026-11-22T10:00:00.000Z') + minutes * 60_000);
  const says = (messageId: string, text: string, minutes: number, tier?: string): AnyEvent =>
    createEvent('message.received', {
      ...base,
      occurredAt: at(minutes),
      payload: {
        messageId,
        channel: { id: 'ch1', type: 'generic' },
        channelMessageId: messageId,
        customer: { id: 'cu1', ...(tier ? { tier } : {}) },
        text,
        attachments: [],
        receivedAt: at(minutes).toISOString(),
      },
    });
  const analysis = (messageId: string, score: number, intent: string | null = null): AnyEvent =>
    createEvent('message.analyzed', {
      ...base,
      payload: {
        messageId,
        language: 'zh',
        sentiment: {
          polarity: score < 0 ? 'negative' : 'neutral',
          score,
          intensity: Math.abs(score),
        },
        humanRequested: false,
        intent,
        emotions: score < -0.5 ? [{ emotion: 'anger', score: -score }] : [],
      },
    });
  const answer = (messageId: string, confidence: number, kind: 'answer' | 'notice' = 'answer') =>
    createEvent('bot.replied', {
      ...base,
      payload: {
        replyId: `r-${messageId}-${kind}`,
        inReplyTo: messageId,
        text: 'reply',
        language: 'zh',
        confidence,
        sources: [],
        provider: 'local',
        kind,
      },
    });
  const resolved = (minutes: number) =>
    createEvent('conversation.resolved', {
      ...base,
      occurredAt: at(minutes),
      payload: { agentId: 'a1', wrapUpCode: 'done', note: '' },
    });

  it('keeps the tier, the topics, the emotions and the answers’ confidence (not a notice’s)', () => {
    const state = [
      says('m1', '退款多久到账', 0, 'vip'),
      analysis('m1', -0.7, 'refund'),
      answer('m1', 0.4),
      answer('m1', 1, 'notice'),
      says('m2', '发票呢', 2),
      analysis('m2', -0.2, 'invoice'),
    ].reduce(step, emptyState('c1', 't1'));
    expect(state).toMatchObject({
      tier: 'vip',
      topic: 'invoice',
      topics: ['refund', 'invoice'],
      confidences: [0.4],
      emotions: [],
      episodeTurns: 2,
      episodeStartedAt: at(0).toISOString(),
      lastEventAt: expect.any(String),
    });
    expect(state.sentiments.map((sentiment) => sentiment.score)).toEqual([-0.7, -0.2]);
  });

  it('scores each customer message against the earlier ones: the same question again is a repeat', () => {
    const state = [
      says('m1', '我的退款什么时候到账', 0),
      says('m2', '发票怎么开', 1),
      says('m3', '退款什么时候到账啊', 2),
      says('m4', 'ok', 3),
    ].reduce(step, emptyState('c1', 't1'));
    const [first, other, again, short] = state.questionSimilarities!;
    expect(first).toBe(0);
    expect(other).toBeLessThan(0.2);
    expect(again).toBeGreaterThanOrEqual(0.6);
    expect(short).toBe(0);
  });

  it.each([
    ['the default: a fresh start', {}, { episodeTurns: 0, sentiments: 0, repeats: 0 }],
    [
      'keeping mood, turns and questions',
      { resetSentiment: false, resetTurns: false, resetRepeats: false },
      { episodeTurns: 2, sentiments: 2, repeats: 2 },
    ],
  ])('de-escalation per policy (%s)', (_case, deescalation, expected) => {
    const policy = policyDocumentSchema.parse({ deescalation });
    const events = [
      says('m1', 'where is my refund', 0),
      analysis('m1', -0.9),
      answer('m1', 0.3),
      says('m2', 'where is my refund please', 1),
      analysis('m2', -0.9),
      createEvent('escalation.decided', {
        ...base,
        payload: {
          decisionId: 'd1',
          triggeredBy: 'e1',
          reasons: [{ code: 'NEGATIVE_SENTIMENT', detail: 'angry' }],
          priority: 'high',
          skills: [],
          queue: 'general',
          policyVersion: 1,
          handoff: {
            summary: '',
            transcript: [],
            customerId: 'cu1',
            channel: { id: 'ch1', type: 'generic' },
            lastSentiment: null,
            language: 'en',
          },
        },
      }),
      resolved(10),
    ];
    const state = events.reduce((s, e) => foldEvent(s, e, policy), emptyState('c1', 't1'));
    expect(state).toMatchObject({
      mode: 'bot',
      explicitRequest: false,
      confidences: [],
      topics: [],
    });
    expect(state.episodeTurns).toBe(expected.episodeTurns);
    expect(state.sentiments).toHaveLength(expected.sentiments);
    expect(state.questionSimilarities).toHaveLength(expected.repeats);
    // Asking the first question again after a fresh start is not looping.
    const after = foldEvent(state, says('m3', 'where is my refund', 11), policy);
    expect(after.questionSimilarities![after.questionSimilarities!.length - 1]).toBe(
      expected.repeats === 0 ? 0 : 1,
    );
  });

  it('a state stored before these fields existed still folds and decides', () => {
    const stored = {
      conversationId: 'c1',
      tenantId: 't1',
      customerId: 'cu1',
      channel: { id: 'ch1', type: 'generic' as const },
      language: 'en' as const,
      mode: 'bot' as const,
      startedAt: at(0).toISOString(),
      customerTurns: 7,
      transcript: [],
      sentiments: [],
      consecutiveDeferrals: 0,
      explicitRequest: false,
    };
    const state = foldEvent(stored, says('m8', 'still nothing', 5));
    expect(state).toMatchObject({ customerTurns: 8, episodeTurns: 8, tier: null });
    const decision = decide(foldEvent(state, analysis('m8', 0)), DEFAULT_POLICY);
    expect(decision.escalate && decision.reasons.map((reason) => reason.code)).toEqual([
      'TOO_MANY_TURNS',
    ]);
  });
});

describe('after a person resolved it: reopening and abandonment', () => {
  const at = (iso: string) => ({ ...base, occurredAt: new Date(iso) });
  const resolvedWith = (reopenUntil: string | null): ConversationState =>
    foldEvent(
      { ...emptyState('c1', 't1'), mode: 'escalated' },
      createEvent('conversation.resolved', {
        ...at('2026-11-22T10:00:00.000Z'),
        payload: { agentId: 'a1', wrapUpCode: 'done', note: 'ok', reopenUntil },
      }),
    );
  const messageAt = (iso: string): AnyEvent =>
    createEvent('message.received', {
      ...at(iso),
      payload: {
        messageId: 'm9',
        channel: { id: 'ch1', type: 'generic' },
        channelMessageId: 'm9',
        customer: { id: 'cu1' },
        text: 'one more thing',
        attachments: [],
        receivedAt: iso,
      },
    });

  it.each([
    [
      'a message within the window → escalated already (the desk reopens it)',
      '2026-11-22T10:10:00.000Z',
      'escalated',
    ],
    [
      'a message at the end of the window → escalated already',
      '2026-11-22T11:00:00.000Z',
      'escalated',
    ],
    [
      'a message after the window → the bot’s, decisions run again',
      '2026-11-22T11:00:01.000Z',
      'bot',
    ],
  ])('%s', (_case, when, mode) => {
    const state = foldEvent(resolvedWith('2026-11-22T11:00:00.000Z'), messageAt(when));
    expect(state.mode).toBe(mode);
  });

  it('without a window (reopening off) a message is the bot’s', () => {
    expect(foldEvent(resolvedWith(null), messageAt('2026-11-22T10:00:01.000Z')).mode).toBe('bot');
  });

  it('conversation.reopened → escalated; conversation.abandoned → the bot’s again, like resolved', () => {
    const reopened = foldEvent(
      resolvedWith('2026-11-22T11:00:00.000Z'),
      createEvent('conversation.reopened', {
        ...base,
        payload: { previousAgentId: 'a1', resolvedAt: '2026-11-22T10:00:00.000Z', messageId: 'm9' },
      }),
    );
    expect(reopened).toMatchObject({ mode: 'escalated', reopenUntil: null });
    const abandoned = foldEvent(
      { ...reopened, explicitRequest: true },
      createEvent('conversation.abandoned', {
        ...base,
        payload: { queue: 'general', waitedSeconds: 3600, reason: 'timeout' },
      }),
    );
    expect(abandoned).toMatchObject({ mode: 'bot', explicitRequest: false, reopenUntil: null });
  });
});
