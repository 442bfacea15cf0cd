import { terms } from '@tandem/text';
import { addTerms, chooseGap, signatureOf, similarity, type GapVocabulary } from './group-question';

function gap(id: string, questions: string[]): GapVocabulary {
  let termCounts: Record<string, number> = {};
  for (const question of questions) termCounts = addTerms(termCounts, terms(question));
  return { id, termCounts, occurrences: questions.length };
}

describe('grouping deferred questions into content gaps', () => {
  const crypto = gap('crypto', ['Can I buy bitcoin with my card?', 'how do I buy bitcoin']);
  const refund = gap('refund', ['退款多久到账', '退款什么时候到账']);

  it('puts a rephrased question with the group that asked the same thing', () => {
    expect(
      chooseGap(terms('Is buying bitcoin possible with the card?'), [crypto, refund])?.id,
    ).toBe('crypto');
    expect(chooseGap(terms('退款多久能到账'), [crypto, refund])?.id).toBe('refund');
  });

  it('starts a new group for an unrelated question', () => {
    expect(chooseGap(terms('Where is your office in Shanghai?'), [crypto, refund])).toBeNull();
    expect(chooseGap(terms('anything'), [])).toBeNull();
  });

  it('prefers the closer group, and the larger one on a tie', () => {
    const small = gap('small', ['buy bitcoin card']);
    const large = gap('large', ['buy bitcoin card', 'buy bitcoin card', 'buy bitcoin card']);
    expect(chooseGap(terms('buy bitcoin card'), [small, large])?.id).toBe('large');
  });

  it('keeps the most frequent terms as a stable signature', () => {
    const counts = addTerms(addTerms({}, ['b', 'a', 'c']), ['a', 'a', 'c']);
    expect(counts).toEqual({ a: 2, b: 1, c: 2 });
    expect(signatureOf(counts)).toEqual(['a', 'c', 'b']);
    expect(similarity(['a', 'c'], ['a', 'c', 'b'])).toBeCloseTo(0.8);
    expect(similarity([], ['a'])).toBe(0);
  });
});
