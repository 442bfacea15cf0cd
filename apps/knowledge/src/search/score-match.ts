/** A candidate article as the index returns it. */
export interface Candidate {
  id: string;
  title: string;
  questions: string[];
  termsOf: (text: string) => string[];
}

export interface Match {
  score: number;
  matchedQuestion: string | null;
}

/**
 * How well a query matches an article: the best Dice overlap between the query's terms
 * and the terms of the title or of any one sample question. 1 is the same question in
 * other words order; 0 shares nothing. (The knowledge issue replaces this with a model
 * trained on the sample questions and calibrated on held-out data.)
 */
export function scoreMatch(
  queryTerms: readonly string[],
  texts: readonly { text: string; terms: readonly string[] }[],
): Match {
  const query = new Set(queryTerms);
  let best: Match = { score: 0, matchedQuestion: null };
  if (query.size === 0) return best;
  for (const { text, terms } of texts) {
    const candidate = new Set(terms);
    if (candidate.size === 0) continue;
    let shared = 0;
    for (const term of query) if (candidate.has(term)) shared += 1;
    const score = (2 * shared) / (query.size + candidate.size);
    if (score > best.score)
      best = { score: Math.round(score * 1000) / 1000, matchedQuestion: text };
  }
  return best;
}
