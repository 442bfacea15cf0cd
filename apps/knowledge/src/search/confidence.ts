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

/** What the calibrated confidence of a model hit is computed from (see `calibratedConfidence`). */
export interface HitSignals {
  /** The ranker's softmax probability of the hit's article (`Ranked.probability`). */
  probability: number;
  /** That probability minus the best other article's probability (negative below the top). */
  margin: number;
  /** `evidenceOf` the query's terms against the article's title and sample questions. */
  evidence: number;
  /** The ranker's cosine to the article's nearest sample question (`Ranked.similarity`). */
  similarity: number;
  /** How many matching terms the query has (`terms(query).length`, repeats counted). */
  queryTerms: number;
  /** `coverageOf` the query's terms by the article's title and sample questions. */
  coverage: number;
}

/**
 * The share of the query's distinct matching terms that occur in any of the article's texts
 * (title and sample questions together). A question about something the article never
 * mentions ("fee" against an article on exchange rates) keeps a term uncovered however
 * close its other words are.
 */
export function coverageOf(
  queryTerms: readonly string[],
  texts: readonly (readonly string[])[],
): number {
  const query = new Set(queryTerms);
  if (query.size === 0) return 0;
  const vocabulary = new Set(texts.flat());
  let found = 0;
  for (const term of query) if (vocabulary.has(term)) found++;
  return found / query.size;
}

/** The calibrator's inputs, in the order of `CALIBRATION.weights`. */
export function calibrationFeatures(signals: HitSignals): number[] {
  return [
    signals.probability,
    signals.margin,
    signals.evidence,
    signals.similarity,
    Math.log(1 + signals.queryTerms),
    signals.coverage,
  ];
}

/**
 * Logistic regression learned by bench/answer-deferral.ts (banking77, 25 % of the intents
 * held out as questions the knowledge base cannot answer, pooled inner splits of five
 * training folds, 12,110 questions; see docs/search.md, "Answer or defer"). The target is
 * "answering with this article is right": in scope and the right article.
 */
export const CALIBRATION = {
  intercept: -10.848,
  /** probability, margin, evidence, similarity, ln(1 + query terms), coverage. */
  weights: [0.784, 2.602, 5.004, 2.412, 1.421, 2.191],
} as const;

/**
 * A model hit's calibrated confidence: the estimated chance that answering with it is
 * right, from the ranker's probability and margin, the question's own evidence and
 * coverage in the article's texts, its nearest-question cosine and its length. A softmax
 * always favours some article; a question none of them answers still leaves its words
 * uncovered, its nearest question far and its margin small.
 */
export function calibratedConfidence(signals: HitSignals): number {
  const features = calibrationFeatures(signals);
  let logit: number = CALIBRATION.intercept;
  features.forEach((value, i) => {
    logit += CALIBRATION.weights[i]! * value;
  });
  return Math.round(1000 / (1 + Math.exp(-logit))) / 1000;
}
