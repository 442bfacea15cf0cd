import { parseSurveyAnswer, startsWithDigit } from './parse-survey-answer';

describe('parseSurveyAnswer', () => {
  it.each([
    // text, kind, answer (null: a normal message, the survey stays open)
    ['5', 'csat', { score: 5, comment: null }],
    ['  3  ', 'csat', { score: 3, comment: null }],
    ['５', 'csat', { score: 5, comment: null }],
    ['５ 很好', 'csat', { score: 5, comment: '很好' }],
    ['5 很好', 'csat', { score: 5, comment: '很好' }],
    ['5很好', 'csat', { score: 5, comment: '很好' }],
    ['5，服务很周到！', 'csat', { score: 5, comment: '服务很周到！' }],
    ['4 - ok', 'csat', { score: 4, comment: 'ok' }],
    ['5 谢谢', 'csat', { score: 5, comment: '谢谢' }],
    ['5!', 'csat', { score: 5, comment: null }],
    ['5分', 'csat', { score: 5, comment: null }],
    ['4分 还行', 'csat', { score: 4, comment: '还行' }],
    ['5颗星', 'csat', { score: 5, comment: null }],
    ['4 stars, quick answer', 'csat', { score: 4, comment: 'quick answer' }],
    ['4/5 good', 'csat', { score: 4, comment: 'good' }],
    ['4／5', 'csat', { score: 4, comment: null }],
    ['1 never again', 'csat', { score: 1, comment: 'never again' }],
    ['10', 'csat', null],
    ['0', 'csat', null],
    ['6 great', 'csat', null],
    ['4/10', 'csat', null],
    ["I'd give 4", 'csat', null],
    ['thanks, 5', 'csat', null],
    ['很好 5', 'csat', null],
    ['5.5', 'csat', null],
    ['4,5', 'csat', null],
    ['5:30 works for me', 'csat', null],
    ['5%', 'csat', null],
    ['5G signal is down', 'csat', null],
    ['5th time I ask', 'csat', null],
    ['05', 'csat', null],
    ['13800138000', 'csat', null],
    ['-1', 'csat', null],
    ['5个订单没到', 'csat', null],
    ['3天了还没发货', 'csat', null],
    ['5点以后再打给我', 'csat', null],
    ['5分钟后再说', 'csat', null],
    ['2 days ago I ordered', 'csat', null],
    ['5 items are missing', 'csat', null],
    ['', 'csat', null],
    ['好', 'csat', null],
    ['10', 'nps', { score: 10, comment: null }],
    ['0', 'nps', { score: 0, comment: null }],
    ['１０ 非常推荐', 'nps', { score: 10, comment: '非常推荐' }],
    ['8/10 would recommend', 'nps', { score: 8, comment: 'would recommend' }],
    ['7 - fine', 'nps', { score: 7, comment: 'fine' }],
    ['11', 'nps', null],
    ['100', 'nps', null],
    ['8/5', 'nps', null],
  ] as const)('%j to a %s survey → %j', (text, kind, expected) => {
    expect(parseSurveyAnswer(text, kind)).toEqual(expected);
  });

  it('keeps a comment to 2,000 characters', () => {
    const answer = parseSurveyAnswer(`5 ${'好'.repeat(2_500)}`, 'csat');
    expect(answer?.score).toBe(5);
    expect(answer?.comment).toHaveLength(2_000);
  });
});

describe('startsWithDigit', () => {
  it.each([
    ['5', true],
    [' ５ 很好', true],
    ['I give 5', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(startsWithDigit(text)).toBe(expected);
  });
});
