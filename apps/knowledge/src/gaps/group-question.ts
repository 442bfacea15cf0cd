/** A content gap as grouping sees it: its vocabulary with how often each term came up. */
export interface GapVocabulary {
  id: string;
  termCounts: Record<string, number>;
  occurrences: number;
}

/** How many of a group's terms stand for it (and are indexed to find it). */
export const SIGNATURE_SIZE = 12;
/** A question joins a group when this much of its terms and the group's signature overlap (Dice). */
export const JOIN_THRESHOLD = 0.5;

/** The group's most frequent terms, ties broken alphabetically so the signature is stable. */
export function signatureOf(termCounts: Record<string, number>): string[] {
  return Object.entries(termCounts)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, SIGNATURE_SIZE)
    .map(([term]) => term);
}

/** Dice overlap of a question's terms and a group's signature (0..1). */
export function similarity(questionTerms: readonly string[], signature: readonly string[]): number {
  const question = new Set(questionTerms);
  const group = new Set(signature);
  if (question.size === 0 || group.size === 0) return 0;
  let shared = 0;
  for (const term of question) if (group.has(term)) shared += 1;
  return (2 * shared) / (question.size + group.size);
}

/**
 * The group a question belongs to: the most similar candidate at or above the threshold
 * (the larger group on a tie), or null when it starts a new one.
 */
export function chooseGap(
  questionTerms: readonly string[],
  candidates: readonly GapVocabulary[],
): GapVocabulary | null {
  let best: { gap: GapVocabulary; score: number } | null = null;
  for (const gap of candidates) {
    const score = similarity(questionTerms, signatureOf(gap.termCounts));
    if (score < JOIN_THRESHOLD) continue;
    if (
      !best ||
      score > best.score ||
      (score === best.score && gap.occurrences > best.gap.occurrences)
    )
      best = { gap, score };
  }
  return best?.gap ?? null;
}

/** The group's vocabulary with one more question's terms counted in. */
export function addTerms(
  termCounts: Record<string, number>,
  questionTerms: readonly string[],
): Record<string, number> {
  const next = { ...termCounts };
  for (const term of new Set(questionTerms)) next[term] = (next[term] ?? 0) + 1;
  return next;
}
