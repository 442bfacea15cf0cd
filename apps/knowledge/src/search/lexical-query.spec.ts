import { candidateQuery } from './lexical-query';

const stats = {
  documents: 1000,
  df: new Map([
    ['card', 400],
    ['order', 350],
    ['delivery', 120],
    ['refund', 30],
    ['instalments', 8],
    ["o'brien", 2],
  ]),
  computedAt: 0,
};

describe('the candidates of a lexical query', () => {
  it.each([
    ['no statistics: any term', ['card', 'refund'], ['card', 'refund'], null, "'card' | 'refund'"],
    [
      'rare terms only',
      ['card', 'refund', 'instalments'],
      ['card', 'refund', 'instalments'],
      stats,
      "'refund' | 'instalments'",
    ],
    [
      'no rare term: the two rarest together',
      ['card', 'order', 'delivery'],
      ['card', 'order', 'delivery'],
      stats,
      "'delivery' & 'order'",
    ],
    ['one known everyday term: itself', ['card', 'zzz'], ['card', 'zzz'], stats, "'card' | 'zzz'"],
    ['unknown terms (typos): any of them', ['crad'], ['crad'], stats, "'crad'"],
    ['quotes escaped', ["o'brien"], ["o'brien"], stats, "'o''brien'"],
  ] as const)('%s', (_case, lookFor, queryTerms, given, expected) => {
    expect(candidateQuery(lookFor, queryTerms, given)).toBe(expected);
  });
});
