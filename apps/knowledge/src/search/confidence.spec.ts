import { terms } from '@tandem/text';
import { confidenceOf, evidenceOf } from './confidence';

const evidence = (query: string, ...texts: string[]) =>
  evidenceOf(
    terms(query),
    texts.map((text) => terms(text)),
  );

describe('the evidence a question’s words give an article', () => {
  it.each([
    ['When will my card arrive?', ['When will my card arrive?'], 1],
    ['退款多久到账', ['退款多久到账'], 1],
    ['Can I pay in instalments?', ['Where can I reset my card PIN?'], 0],
    ['Can you recommend a good restaurant in Lisbon?', ['I want a new PIN'], 0],
  ])('“%s” against %j → %d', (query, texts, expected) => {
    expect(evidence(query, ...texts)).toBeCloseTo(expected, 3);
  });

  it('takes the closest of the article’s texts', () => {
    expect(
      evidence(
        'card delivery time',
        'How do I change my PIN?',
        'How long does card delivery take?',
      ),
    ).toBeGreaterThan(0.5);
  });

  it('counts a misspelt word partly, a different short word not at all', () => {
    const typo = evidence('when will my card arrrive', 'When will my card arrive?');
    expect(typo).toBeGreaterThan(0.8);
    expect(typo).toBeLessThan(1);
    expect(evidence('pin', 'pan')).toBe(0);
  });
});

describe('a hit’s confidence', () => {
  it.each([
    [0.99, 1, 0.995],
    [0.77, 0, 0],
    [0.25, 1, 0.5],
    [0.9, 0.25, 0.474],
  ])('probability %d with evidence %d → %d', (probability, evidence, expected) => {
    expect(confidenceOf(probability, evidence)).toBeCloseTo(expected, 3);
  });
});
