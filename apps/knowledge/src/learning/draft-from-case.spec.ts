import { draftFromCase } from './draft-from-case';

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
});
