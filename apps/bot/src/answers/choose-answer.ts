import type { SearchHit } from '@tandem/contracts';

export type AnswerChoice =
  | { kind: 'answer'; hit: SearchHit; confidence: number }
  | { kind: 'defer'; reason: 'LOW_CONFIDENCE'; confidence: number };

/** The local provider: the best article answers when its calibrated score clears the threshold. */
export function chooseAnswer(hits: readonly SearchHit[], threshold: number): AnswerChoice {
  const best = hits[0];
  const confidence = Math.max(0, Math.min(1, best?.score ?? 0));
  if (best && confidence >= threshold) return { kind: 'answer', hit: best, confidence };
  return { kind: 'defer', reason: 'LOW_CONFIDENCE', confidence };
}
