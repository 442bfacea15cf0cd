import type { SurveyKind } from './parse-survey-answer';

/** The question the customer gets after a person resolved, in their language (English unless Chinese). */
export function surveyQuestion(kind: SurveyKind, language: 'zh' | 'en' | 'other'): string {
  const chinese = language === 'zh';
  if (kind === 'csat')
    return chinese
      ? '请为本次服务打分：回复 1–5（5 = 非常满意），可附一句评价。'
      : 'How did we do? Reply with a number from 1 to 5 (5 = very satisfied), and a comment if you like.';
  return chinese
    ? '您有多大可能把我们推荐给朋友？回复 0–10（10 = 非常可能），可附一句评价。'
    : 'How likely are you to recommend us to a friend? Reply with a number from 0 to 10 (10 = very likely), and a comment if you like.';
}
