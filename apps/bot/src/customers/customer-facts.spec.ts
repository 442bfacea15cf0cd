import { factsOf, fillPlaceholders, type CustomerFacts } from './customer-facts';

const li: CustomerFacts = {
  name: '李娜',
  tier: 'vip',
  tags: ['wholesale'],
  attributes: { plan: 'Premium', lastOrder: 'A-1042', credits: 30, verified: true, note: '' },
  conversations: 3,
};

describe('placeholders filled from the customer’s records', () => {
  it.each([
    ['{{customer.name}}，您好', '李娜，您好'],
    ['Your tier: {{ customer.tier }}', 'Your tier: vip'],
    ['Plan {{customer.plan}}, order {{customer.lastOrder}}', 'Plan Premium, order A-1042'],
    ['{{customer.credits}} credits, verified: {{customer.verified}}', '30 credits, verified: true'],
    ['No placeholder at all', 'No placeholder at all'],
  ])('%s → %s', (text, expected) => {
    expect(fillPlaceholders(text, li)).toEqual({ text: expected, missing: [] });
  });

  it('takes the fallback for a fact not on record, an empty one included', () => {
    expect(fillPlaceholders('Hi {{customer.name|there}}!', { ...li, name: null })).toEqual({
      text: 'Hi there!',
      missing: [],
    });
    expect(fillPlaceholders('Note: {{customer.note|none}}', li).text).toBe('Note: none');
  });

  it('reports a fact the records lack, without inventing it', () => {
    expect(fillPlaceholders('Ticket {{customer.ticket}} is open', li, () => '[?]')).toEqual({
      text: 'Ticket [?] is open',
      missing: ['ticket'],
    });
    expect(fillPlaceholders('Hi {{customer.name}}', null)).toEqual({
      text: 'Hi ',
      missing: ['name'],
    });
  });

  it('reads the gateway’s profile: a blank name is no name, conversations are counted', () => {
    expect(
      factsOf({
        id: 'c1',
        displayName: '  ',
        tier: 'standard',
        tags: [],
        attributes: { plan: 'Basic' },
        conversations: [{ id: 'a' }, { id: 'b' }],
      }),
    ).toEqual({
      name: null,
      tier: 'standard',
      tags: [],
      attributes: { plan: 'Basic' },
      conversations: 2,
    });
  });
});
