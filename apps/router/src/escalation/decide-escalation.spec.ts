import type { Sentiment } from '@tandem/contracts';
import { emptyState, type ConversationState } from './conversation-state';
import { decideEscalation } from './decide-escalation';
import { DEFAULT_POLICY } from './policy';

const calm: Sentiment = { polarity: 'neutral', score: 0, intensity: 0 };
const furious: Sentiment = { polarity: 'negative', score: -0.9, intensity: 0.9 };
const annoyed: Sentiment = { polarity: 'negative', score: -0.4, intensity: 0.5 };

function state(overrides: Partial<ConversationState>): ConversationState {
  return {
    ...emptyState('c1', 't1'),
    language: 'en',
    customerTurns: 1,
    sentiments: [calm],
    ...overrides,
  };
}

describe('decideEscalation with the default policy', () => {
  it.each([
    ['a calm first question', {}, null, null],
    [
      'an explicit request → at once, priority high',
      { explicitRequest: true },
      ['EXPLICIT_REQUEST'],
      'high',
    ],
    ['one deferral → the bot may still help', { consecutiveDeferrals: 1 }, null, null],
    [
      'two deferrals in a row → escalate, priority normal',
      { consecutiveDeferrals: 2 },
      ['BOT_DEFERRED'],
      'normal',
    ],
    [
      'the model judged a person is needed → at once, on the first deferral, priority normal',
      { consecutiveDeferrals: 1, humanNeeded: true },
      ['BOT_DEFERRED'],
      'normal',
    ],
    [
      'the model judged a person is needed on the second deferral in a row → one reason, not two',
      { consecutiveDeferrals: 2, humanNeeded: true },
      ['BOT_DEFERRED'],
      'normal',
    ],
    [
      'a state stored before the model’s judgement was kept → the deferral count decides',
      { consecutiveDeferrals: 1, humanNeeded: undefined },
      null,
      null,
    ],
    ['mildly negative → not yet', { sentiments: [annoyed] }, null, null],
    [
      'furious → escalate, priority high',
      { sentiments: [calm, furious] },
      ['NEGATIVE_SENTIMENT'],
      'high',
    ],
    ['furious then calm → the latest message counts', { sentiments: [furious, calm] }, null, null],
    [
      'explicit request while furious after two deferrals → every reason is reported',
      { explicitRequest: true, consecutiveDeferrals: 2, sentiments: [furious] },
      ['EXPLICIT_REQUEST', 'BOT_DEFERRED', 'NEGATIVE_SENTIMENT'],
      'high',
    ],
    [
      'already escalated → no second escalation',
      { explicitRequest: true, mode: 'escalated' as const },
      null,
      null,
    ],
  ])('%s', (_case, overrides, codes, priority) => {
    const decision = decideEscalation(state(overrides), DEFAULT_POLICY);
    if (codes === null) {
      expect(decision.escalate).toBe(false);
      return;
    }
    expect(decision).toMatchObject({
      escalate: true,
      priority,
      queue: 'general',
      policyVersion: 1,
    });
    expect(decision.escalate && decision.reasons.map((reason) => reason.code)).toEqual(codes);
  });

  it('asks for an agent who speaks the customer’s language', () => {
    const decision = decideEscalation(
      state({ explicitRequest: true, language: 'zh' }),
      DEFAULT_POLICY,
    );
    expect(decision.escalate && decision.skills).toEqual(['lang:zh']);
  });

  it.each([
    [
      'the model judged a person is needed',
      { consecutiveDeferrals: 1, humanNeeded: true },
      'the bot’s model judged that a person is needed',
    ],
    [
      'the bot could not answer twice',
      { consecutiveDeferrals: 2 },
      'the bot could not answer 2 times in a row',
    ],
  ])('says why the bot deferred: %s', (_case, overrides, detail) => {
    const decision = decideEscalation(state(overrides), DEFAULT_POLICY);
    expect(decision.escalate && decision.reasons).toEqual([{ code: 'BOT_DEFERRED', detail }]);
  });

  it('a stricter policy escalates on the first deferral', () => {
    const strict = {
      ...DEFAULT_POLICY,
      version: 2,
      deferrals: { consecutive: 1, priority: 'high' as const },
    };
    expect(decideEscalation(state({ consecutiveDeferrals: 1 }), strict)).toMatchObject({
      escalate: true,
      policyVersion: 2,
      priority: 'high',
    });
  });
});
