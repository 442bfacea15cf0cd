import type { SearchHit } from '@tandem/contracts';
import type { Language } from '@tandem/text';

export type AnswerChoice =
  | { kind: 'answer'; hit: SearchHit; confidence: number }
  | { kind: 'defer'; reason: 'LOW_CONFIDENCE' | 'NO_ANSWER_IN_LANGUAGE'; confidence: number };

/** An article's language from its locale tag (`zh-CN` → `zh`), or null when it is neither. */
export function languageOfLocale(locale: string): Language | null {
  const primary = locale.split(/[-_]/)[0]?.toLowerCase();
  return primary === 'zh' || primary === 'en' ? primary : null;
}

/**
 * The local provider: the best article answers when its calibrated score clears the threshold.
 * It cannot translate, so when the customer writes Chinese or English only an article in that
 * language may answer; a confident article in another language is a missing translation
 * (`NO_ANSWER_IN_LANGUAGE`, a content gap), never a reply the customer cannot read.
 */
export function chooseAnswer(
  hits: readonly SearchHit[],
  threshold: number,
  language: Language = 'other',
): AnswerChoice {
  const confidenceOf = (hit: SearchHit | undefined) => Math.max(0, Math.min(1, hit?.score ?? 0));
  const confident = hits.filter((hit) => confidenceOf(hit) >= threshold);
  if (confident.length === 0)
    return { kind: 'defer', reason: 'LOW_CONFIDENCE', confidence: confidenceOf(hits[0]) };
  const readable =
    language === 'other'
      ? confident[0]
      : confident.find((hit) => (languageOfLocale(hit.locale) ?? language) === language);
  if (!readable)
    return {
      kind: 'defer',
      reason: 'NO_ANSWER_IN_LANGUAGE',
      confidence: confidenceOf(confident[0]),
    };
  return { kind: 'answer', hit: readable, confidence: confidenceOf(readable) };
}
