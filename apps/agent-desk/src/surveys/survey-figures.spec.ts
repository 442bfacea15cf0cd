import { DEFAULT_DESK_SETTINGS } from '../settings/desk-settings';
import { surveyFigures, surveyKindFor } from './survey-figures';

describe('surveyKindFor', () => {
  it.each([
    ['the default: CSAT', { csat: true, nps: false }, 'csat'],
    ['NPS replaces CSAT', { csat: true, nps: true }, 'nps'],
    ['NPS alone', { csat: false, nps: true }, 'nps'],
    ['both off: no survey', { csat: false, nps: false }, null],
  ] as const)('%s', (_name, surveys, expected) => {
    expect(surveyKindFor(surveys)).toBe(expected);
  });

  it('asks CSAT with the default settings', () => {
    expect(surveyKindFor(DEFAULT_DESK_SETTINGS.surveys)).toBe('csat');
  });
});

describe('surveyFigures', () => {
  it('has no figures without answers', () => {
    expect(surveyFigures([])).toEqual({
      csat: { count: 0, average: null, satisfiedShare: null },
      nps: { count: 0, promoters: 0, passives: 0, detractors: 0, score: null },
    });
  });

  it.each([
    ['all fives', [5, 5, 5], 5, 1],
    ['5, 4, 2: mean 3.67, two of three satisfied', [5, 4, 2], 3.67, 0.67],
    ['one 1', [1], 1, 0],
  ])('CSAT: %s', (_name, scores, average, satisfiedShare) => {
    const figures = surveyFigures(scores.map((score) => ({ kind: 'csat' as const, score })));
    expect(figures.csat).toEqual({ count: scores.length, average, satisfiedShare });
    expect(figures.nps.count).toBe(0);
  });

  it.each([
    ['2 promoters, 1 passive, 1 detractor → 25', [10, 9, 7, 6], 25, [2, 1, 1]],
    ['only detractors → −100', [0, 3, 6], -100, [0, 0, 3]],
    ['only passives → 0', [7, 8], 0, [0, 2, 0]],
    ['one promoter of three → 33', [9, 8, 7], 33, [1, 2, 0]],
  ])('NPS: %s', (_name, scores, score, [promoters, passives, detractors]) => {
    const figures = surveyFigures(scores.map((value) => ({ kind: 'nps' as const, score: value })));
    expect(figures.nps).toEqual({ count: scores.length, promoters, passives, detractors, score });
    expect(figures.csat.count).toBe(0);
  });

  it('keeps CSAT and NPS answers apart', () => {
    const figures = surveyFigures([
      { kind: 'csat', score: 4 },
      { kind: 'nps', score: 10 },
    ]);
    expect(figures.csat.average).toBe(4);
    expect(figures.nps.score).toBe(100);
  });
});
