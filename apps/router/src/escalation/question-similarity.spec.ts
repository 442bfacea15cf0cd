import { questionSimilarity, questionTokens } from './question-similarity';

describe('question similarity (looping)', () => {
  it.each<[string, string, string, 'repeat' | 'different' | 'not judged']>([
    ['the same question', 'How do I reset my password?', 'how do I reset my password??', 'repeat'],
    [
      'the same question, reworded a little',
      'Where is my refund',
      'ok but where is my refund',
      'repeat',
    ],
    ['a different question', 'How do I reset my password?', 'Do you ship to Canada?', 'different'],
    [
      'Chinese, the same question with a particle',
      '我的退款什么时候到账',
      '退款什么时候到账啊',
      'repeat',
    ],
    ['Chinese, a different question', '退款多久到账', '发票怎么开', 'different'],
    ['too short to judge', 'ok', 'ok', 'not judged'],
    ['pleasantries are no question', 'thank you', 'thank you', 'not judged'],
  ])('%s', (_case, a, b, expected) => {
    const similarity = questionSimilarity(a, b);
    // The default policy calls 0.6 and above a repeat.
    if (expected === 'repeat') expect(similarity).toBeGreaterThanOrEqual(0.6);
    else if (expected === 'different') expect(similarity).toBeLessThan(0.3);
    else expect(similarity).toBe(0);
  });

  it('Chinese by characters and character pairs, other scripts by words', () => {
    expect([...questionTokens('退款呢 refund')].sort()).toEqual(
      ['refund', '款', '退', '退款'].sort(),
    );
  });
});
