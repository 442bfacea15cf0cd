import { createEvent, type AnyEvent, type BotDeferralReason } from '@tandem/contracts';
import { emptyState, foldEvent, type ConversationState } from './conversation-state';
import { decide } from './decide-escalation';
import { DEFAULT_POLICY } from './policy';

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
