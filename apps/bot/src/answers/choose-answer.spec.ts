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

describe('the local provider and the customer’s language', () => {
  const zh: SearchHit = {
    ...hit(0.9),
    articleId: 'z1',
    locale: 'zh-CN',
    answer: '3 到 5 个工作日送达。',
  };
  const en: SearchHit = { ...hit(0.7), articleId: 'e1', locale: 'en-GB' };

  it('answers with the best confident article in the language the customer writes', () => {
    expect(chooseAnswer([zh, en], 0.55, 'en')).toMatchObject({
      kind: 'answer',
      hit: { articleId: 'e1' },
    });
    expect(chooseAnswer([zh, en], 0.55, 'zh')).toMatchObject({
      kind: 'answer',
      hit: { articleId: 'z1' },
    });
  });

  it('defers a confident article the customer could not read: a missing translation', () => {
    expect(chooseAnswer([zh], 0.55, 'en')).toEqual({
      kind: 'defer',
      reason: 'NO_ANSWER_IN_LANGUAGE',
      confidence: 0.9,
    });
  });

  it('does not count an unconfident article in the right language', () => {
    expect(chooseAnswer([zh, { ...en, score: 0.3 }], 0.55, 'en').kind).toBe('defer');
  });

  it('lets any article answer when the language is neither Chinese nor English, or the article has no known language', () => {
    expect(chooseAnswer([zh], 0.55, 'other')).toMatchObject({ kind: 'answer' });
    expect(chooseAnswer([{ ...zh, locale: 'und' }], 0.55, 'en')).toMatchObject({ kind: 'answer' });
  });
});
