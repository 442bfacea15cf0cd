import { fuseHits, semanticScore } from './fuse-hits';

describe('semanticScore', () => {
  it.each([
    [0.1, 0],
    [0.3, 0],
    [0.575, 0.5],
    [0.85, 1],
    [0.97, 1],
  ])('cosine %p → score %p', (similarity, score) => {
    expect(semanticScore(similarity)).toBeCloseTo(score, 6);
  });
});

describe('fuseHits', () => {
  const lexical = [
    { articleId: 'a', score: 0.9, matchedQuestion: 'lexical a' },
    { articleId: 'b', score: 0.2, matchedQuestion: 'lexical b' },
  ];

  it.each([
    [
      'a strong term match keeps its score and question',
      [{ articleId: 'a', text: 'semantic a', similarity: 0.5 }],
      [
        ['a', 0.9, 'lexical a', 'both'],
        ['b', 0.2, 'lexical b', 'lexical'],
      ],
    ],
    [
      'a paraphrase lifts a weak term match and names its question',
      [{ articleId: 'b', text: 'semantic b', similarity: 0.85 }],
      [
        ['b', 1, 'semantic b', 'both'],
        ['a', 0.9, 'lexical a', 'lexical'],
      ],
    ],
    [
      'an article only the embeddings found joins with its semantic score',
      [{ articleId: 'c', text: 'semantic c', similarity: 0.575 }],
      [
        ['a', 0.9, 'lexical a', 'lexical'],
        ['c', 0.5, 'semantic c', 'semantic'],
        ['b', 0.2, 'lexical b', 'lexical'],
      ],
    ],
    [
      'an unrelated semantic hit (at or below the floor) is left out',
      [{ articleId: 'd', text: 'semantic d', similarity: 0.2 }],
      [
        ['a', 0.9, 'lexical a', 'lexical'],
        ['b', 0.2, 'lexical b', 'lexical'],
      ],
    ],
  ])('%s', (_, semantic, expected) => {
    expect(
      fuseHits(lexical, semantic, 10).map((hit) => [
        hit.articleId,
        Number(hit.score.toFixed(6)),
        hit.matchedQuestion,
        hit.via,
      ]),
    ).toEqual(expected);
  });

  it('returns at most the limit', () => {
    expect(fuseHits(lexical, [], 1).map((hit) => hit.articleId)).toEqual(['a']);
  });
});
