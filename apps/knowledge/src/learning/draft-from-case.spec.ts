import { draftFromCase, looksLikeQuestion } from './draft-from-case';

describe('drafting an article from a resolved case', () => {
  it('takes the customer’s questions and the agent’s words, never a request for a person', () => {
    const draft = draftFromCase(
      [
        { role: 'customer', text: '退款什么时候到账？' },
        { role: 'customer', text: '转人工' },
        { role: 'agent', text: '退款会在3-5个工作日内原路退回。' },
      ],
      '已告知退款时效',
    );
    expect(draft).toEqual({
      title: '退款什么时候到账？',
      questions: ['退款什么时候到账？'],
      body: '退款会在3-5个工作日内原路退回。\n\n已告知退款时效',
      locale: 'zh',
    });
  });

  it('removes personal data from questions and answers', () => {
    const draft = draftFromCase(
      [
        {
          role: 'customer',
          text: 'My order 2024112200123 never came, email me at a.b@example.com',
        },
        {
          role: 'agent',
          text: 'I reissued order 2024112200123; call +44 20 7946 0958 if it does not arrive.',
        },
      ],
      '',
    );
    expect(draft?.questions[0]).toBe('My order [number] never came, email me at [email]');
    expect(draft?.body).toBe('I reissued order [number]; call [phone] if it does not arrive.');
    expect(draft?.locale).toBe('en');
  });

  it('leaves out what the bot answered, and titles the draft with what the person resolved', () => {
    const draft = draftFromCase(
      [
        { role: 'customer', text: 'When will my card arrive?', answeredByBot: true },
        { role: 'customer', text: 'Can you recommend a restaurant in Lisbon?' },
        { role: 'customer', text: 'talk to a human' },
        { role: 'customer', text: 'I was charged twice for my order' },
        { role: 'agent', text: 'The duplicate charge is reversed within 24 hours.' },
        { role: 'customer', text: 'Thanks, and how do I get an invoice?' },
      ],
      '',
    );
    expect(draft).toMatchObject({
      title: 'I was charged twice for my order',
      questions: [
        'I was charged twice for my order',
        'Can you recommend a restaurant in Lisbon?',
        'Thanks, and how do I get an invoice?',
      ],
    });
  });

  it('learns nothing when no person answered', () => {
    expect(draftFromCase([{ role: 'customer', text: 'where is my card?' }], '')).toBeNull();
  });

  it('keeps follow-up questions asked after the agent answered, not the thanks', () => {
    const draft = draftFromCase(
      [
        { role: 'customer', text: 'Can I pay for my order in instalments?' },
        { role: 'agent', text: 'Yes: choose "Pay in 3" at checkout.' },
        { role: 'customer', text: 'Great, thank you!' },
        { role: 'customer', text: 'And is there a fee for that?' },
        { role: 'customer', text: '好的，谢谢' },
        { role: 'customer', text: '分期要手续费吗' },
      ],
      '',
    );
    expect(draft?.questions).toEqual([
      'Can I pay for my order in instalments?',
      'And is there a fee for that?',
      '分期要手续费吗',
    ]);
  });

  it('tells a question from an acknowledgement in English and Chinese', () => {
    for (const question of [
      'is it free',
      'How long does it take',
      'what about refunds?',
      '退款多久到账',
      '可以分期吗',
      '有没有手续费',
      '为什么还没到',
    ])
      expect({ question, asks: looksLikeQuestion(question) }).toEqual({ question, asks: true });
    for (const thanks of [
      'Great, thank you!',
      'ok thanks',
      'Perfect.',
      '好的，谢谢',
      '明白了',
      '收到',
    ])
      expect({ thanks, asks: looksLikeQuestion(thanks) }).toEqual({ thanks, asks: false });
  });
});
