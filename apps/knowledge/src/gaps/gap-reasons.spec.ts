import { botDeferralReasonSchema } from '@tandem/contracts';
import { deferralIsGap } from './gap-reasons';

describe('which bot deferrals are content gaps', () => {
  it.each([
    ['LOW_CONFIDENCE', true, 'the search found nothing good enough'],
    ['MODEL_UNSURE', true, 'the model could not answer from the articles it was given'],
    ['UNGROUNDED', true, 'the model’s answer was not backed by the articles'],
    [
      'NO_ANSWER_IN_LANGUAGE',
      true,
      'the answer exists only in another language: a translation is missing',
    ],
    ['HUMAN_REQUESTED', false, 'the customer wanted a person, not an article'],
    ['HUMAN_NEEDED', false, 'the model judged a person is needed, not an article'],
    ['PROVIDER_ERROR', false, 'an outage says nothing about the content'],
    ['MODEL_ERROR', false, 'an outage says nothing about the content'],
    ['UNSAFE_OUTPUT', false, 'the answer was withheld for safety'],
    ['UNSUPPORTED_CONTENT', false, 'the bot could not read the message'],
    ['MISSING_CUSTOMER_FACT', false, 'the article exists; the customer’s records lack a fact'],
  ] as const)('%s → gap: %s (%s)', (reason, gap, _why) => {
    expect(deferralIsGap(reason)).toBe(gap);
  });

  it('decides every reason the bot can give', () => {
    for (const reason of botDeferralReasonSchema.options)
      expect(typeof deferralIsGap(reason)).toBe('boolean');
  });
});
