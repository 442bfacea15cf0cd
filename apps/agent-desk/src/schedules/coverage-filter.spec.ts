import { matchesCoverageFilter } from './coverage-filter';

describe('coverage filter', () => {
  const agent = { skills: { billing: 2 }, languages: ['zh', 'en'] };
  it.each([
    ['no filter: everyone', { skill: null, language: null }, true],
    ['a skill they have', { skill: 'billing', language: null }, true],
    ['a skill they lack', { skill: 'refunds', language: null }, false],
    ['a language they speak', { skill: null, language: 'zh' }, true],
    ['a language they do not speak', { skill: null, language: 'fr' }, false],
    ['a language is not a skill', { skill: 'zh', language: null }, false],
    ['both, and they have both', { skill: 'billing', language: 'en' }, true],
    ['both, and they lack one', { skill: 'billing', language: 'fr' }, false],
  ])('%s', (_case, filter, expected) => {
    expect(matchesCoverageFilter(agent, filter)).toBe(expected);
  });
});
