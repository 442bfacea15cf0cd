import { Synonyms, synonymGroupsSchema } from './synonyms';

describe('a tenant’s synonyms', () => {
  const synonyms = new Synonyms([
    ['refund', 'money back', 'reimbursement', '退款', '退钱'],
    ['card', 'debit card'],
    ['快递', '物流', '包裹'],
  ]);

  it.each([
    ['I want my money back', 'I want my refund'],
    ['MONEY   BACK please', 'refund please'],
    ['Where is my debit card?', 'Where is my card?'],
    ['我想退钱', '我想refund'],
    ['我的包裹到哪了', '我的快递到哪了'],
    ['cardboard boxes', 'cardboard boxes'],
    ['moneyback', 'moneyback'],
    ['nothing to see', 'nothing to see'],
  ])('“%s” reads as “%s”', (text, canonical) => {
    expect(synonyms.canonicalize(text)).toBe(canonical);
  });

  it('names every word of the groups a query mentions, for lexical expansion', () => {
    expect(synonyms.expansions('退钱 for my debit card')).toEqual([
      'refund',
      'money back',
      'reimbursement',
      '退款',
      '退钱',
      'card',
      'debit card',
    ]);
    expect(synonyms.expansions('hello')).toEqual([]);
    expect(Synonyms.none.canonicalize('money back')).toBe('money back');
  });

  it('refuses a word in two groups, a group of one, and blank words', () => {
    const result = synonymGroupsSchema.safeParse({
      groups: [['refund', 'money back'], ['Refund', 'repayment'], ['alone'], ['x', ' ']],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['groups.1.0', 'groups.2', 'groups.3.1']));
    expect(synonymGroupsSchema.safeParse({ groups: [['a', 'b']] }).success).toBe(true);
  });
});
