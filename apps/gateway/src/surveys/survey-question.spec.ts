import { parseSurveyAnswer } from './parse-survey-answer';
import { surveyQuestion } from './survey-question';

describe('surveyQuestion', () => {
  it.each([
    ['csat', 'zh', '请为本次服务打分：回复 1–5（5 = 非常满意），可附一句评价。'],
    [
      'csat',
      'en',
      'How did we do? Reply with a number from 1 to 5 (5 = very satisfied), and a comment if you like.',
    ],
    ['csat', 'other', expect.stringContaining('from 1 to 5')],
    ['nps', 'zh', expect.stringContaining('回复 0–10（10 = 非常可能）')],
    ['nps', 'en', expect.stringContaining('from 0 to 10 (10 = very likely)')],
  ] as const)('%s in %s', (kind, language, expected) => {
    expect(surveyQuestion(kind, language)).toEqual(expected);
  });

  it('is not itself read as an answer if a channel echoes it back', () => {
    for (const kind of ['csat', 'nps'] as const)
      for (const language of ['zh', 'en'] as const)
        expect(parseSurveyAnswer(surveyQuestion(kind, language), kind)).toBeNull();
  });
});
