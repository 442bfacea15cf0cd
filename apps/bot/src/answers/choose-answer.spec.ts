import type { SearchHit } from '@tandem/contracts';
import { chooseAnswer } from './choose-answer';

const hit = (score: number): SearchHit => ({
  articleId: 'a1',
  title: 'Card delivery',
  answer: 'Cards arrive in 3–5 days.',
  locale: 'en',
  score,
  matchedQuestion: 'when will my card arrive',
});

describe('the local provider', () => {
  it.each([
    ['no article at all', [], 'defer'],
    ['a best article below the threshold', [hit(0.4)], 'defer'],
    ['a best article exactly at the threshold', [hit(0.55)], 'answer'],
    ['a confident best article', [hit(0.92), hit(0.3)], 'answer'],
  ])('with %s → %s', (_case, hits, kind) => {
    expect(chooseAnswer(hits, 0.55).kind).toBe(kind);
  });

  it('reports the confidence it decided on, also when it defers', () => {
    expect(chooseAnswer([hit(0.4)], 0.55)).toEqual({
      kind: 'defer',
      reason: 'LOW_CONFIDENCE',
      confidence: 0.4,
    });
  });
});
