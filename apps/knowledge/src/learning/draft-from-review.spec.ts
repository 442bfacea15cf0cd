import { draftFromReview } from './draft-from-review';

describe('drafting an article from a reviewed answer', () => {
  it.each([
    [
      'the question is the title and sample question, the correction the body',
      {
        question: 'How long does a refund to a gift card take?',
        correction: 'Refunds to a gift card are instant.',
        locale: 'en',
      },
      {
        title: 'How long does a refund to a gift card take?',
        questions: ['How long does a refund to a gift card take?'],
        body: 'Refunds to a gift card are instant.',
        locale: 'en',
      },
    ],
    [
      'personal data leaves both the question and the correction',
      {
        question: 'Where is order 2024112200123? Call me on +44 7700 900123',
        correction: 'Orders ship in 2 days; write to a.b@example.com for help.',
        locale: 'en',
      },
      {
        title: 'Where is order [number]? Call me on [phone]',
        questions: ['Where is order [number]? Call me on [phone]'],
        body: 'Orders ship in 2 days; write to [email] for help.',
        locale: 'en',
      },
    ],
    [
      'without a question the correction’s first line is the title',
      { question: '', correction: 'Gift card refunds are instant.\nNo fee.', locale: 'en' },
      {
        title: 'Gift card refunds are instant.',
        questions: [],
        body: 'Gift card refunds are instant.\nNo fee.',
        locale: 'en',
      },
    ],
    [
      'a language the bot could not tell is detected from the texts',
      { question: '礼品卡退款多久到账？', correction: '礼品卡退款即时到账。', locale: 'und' },
      {
        title: '礼品卡退款多久到账？',
        questions: ['礼品卡退款多久到账？'],
        body: '礼品卡退款即时到账。',
        locale: 'zh',
      },
    ],
  ])('%s', (_case, reviewed, draft) => {
    expect(draftFromReview(reviewed)).toEqual(draft);
  });

  it('a long question is cut for the title, kept whole as the sample question', () => {
    const question = `Why ${'really '.repeat(30)}is my refund late?`;
    const draft = draftFromReview({ question, correction: 'Refunds take 5 days.', locale: 'en' });
    expect(draft?.title).toHaveLength(120);
    expect(draft?.title.endsWith('...')).toBe(true);
    expect(draft?.questions).toEqual([question]);
  });

  it('nothing to learn without a correction', () => {
    expect(draftFromReview({ question: 'Why?', correction: '  ', locale: 'en' })).toBeNull();
  });
});
