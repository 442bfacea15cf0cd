import { terms } from '@tandem/text';
import { scoreMatch } from './score-match';

const texts = (...values: string[]) => values.map((text) => ({ text, terms: terms(text) }));

describe('scoring a query against an article', () => {
  it.each([
    ['the same question', 'When will my card arrive?', ['When will my card arrive?'], 1],
    ['the same question in Chinese', '我的卡什么时候到', ['我的卡什么时候到？'], 1],
    ['nothing in common', 'How do I change my PIN?', ['When will my card arrive?'], 0],
  ])('%s scores %d', (_case, query, questions, expected) => {
    expect(scoreMatch(terms(query), texts(...questions)).score).toBe(expected);
  });

  it('prefers the closest sample question and names it', () => {
    const match = scoreMatch(
      terms('my card has not arrived'),
      texts('How do I top up?', 'My card still has not arrived'),
    );
    expect(match.matchedQuestion).toBe('My card still has not arrived');
    expect(match.score).toBeGreaterThan(0.6);
  });

  it('an empty query matches nothing', () => {
    expect(scoreMatch([], texts('anything'))).toEqual({ score: 0, matchedQuestion: null });
  });
});
