/**
 * How strongly a question's own words support an article: the soft Dice overlap between the
 * question's matching terms (stopwords removed, Chinese segmented) and those of the
 * article's closest title or sample question. A term counts fully when equal and partly
 * when it is a near spelling (character-bigram Dice of at least `TYPO_FLOOR`), so a typo
 * still counts while "can I" and "my" -- which the ranker's character n-grams also see --
 * never do.
 */
export function evidenceOf(
  queryTerms: readonly string[],
  texts: readonly (readonly string[])[],
): number {
  const query = [...new Set(queryTerms)];
  if (query.length === 0) return 0;
  let best = 0;
  for (const text of texts) {
    const candidate = [...new Set(text)];
    if (candidate.length === 0) continue;
    let matched = 0;
    for (const term of query) {
      let closest = 0;
      for (const other of candidate) {
        const similarity = term === other ? 1 : spelling(term, other);
        if (similarity > closest) closest = similarity;
        if (closest === 1) break;
      }
      matched += closest;
    }
    best = Math.max(best, (2 * matched) / (query.length + candidate.length));
  }
  return best;
}

/**
 * A search hit's confidence. The ranker's probability is calibrated among the tenant's
 * articles, but a softmax always favours some article, also for a question none of them
 * answers; the question's own words then support it little. The confidence is the
 * geometric mean of the two: high only when the model is sure and the words agree.
 */
export function confidenceOf(probability: number, evidence: number): number {
  return Math.round(Math.sqrt(Math.max(0, probability) * Math.max(0, evidence)) * 1000) / 1000;
}

export const TYPO_FLOOR = 0.6;
const MIN_TYPO_LENGTH = 4;

function spelling(a: string, b: string): number {
  if (a.length < MIN_TYPO_LENGTH || b.length < MIN_TYPO_LENGTH) return 0;
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [gram, count] of left) shared += Math.min(count, right.get(gram) ?? 0);
  const dice = (2 * shared) / (a.length - 1 + (b.length - 1));
  return dice >= TYPO_FLOOR ? dice : 0;
}

function bigrams(word: string): Map<string, number> {
  const chars = [...word];
  const counts = new Map<string, number>();
  for (let i = 1; i < chars.length; i++) {
    const gram = chars[i - 1]! + chars[i]!;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}
