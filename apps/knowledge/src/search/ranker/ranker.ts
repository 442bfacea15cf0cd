import { linearScores, softmax, type LinearModel } from './linear';
import { trainLogistic, type LogisticOptions } from './logistic';
import { dot, type SparseVector } from './sparse';
import { trainSvm, type SvmOptions } from './svm';
import {
  DEFAULT_VECTORIZER,
  Vectorizer,
  type VectorizerOptions,
  type VectorizerState,
} from './vectorizer';

/** An article as the ranker learns it: its title and sample questions are labelled examples. */
export interface RankerArticle {
  id: string;
  title: string;
  questions: readonly string[];
}

export interface RankerOptions extends VectorizerOptions, LogisticOptions, SvmOptions {
  /** Weight of the SVMs' margins in the combined score (0: no SVM is trained). */
  svmWeight: number;
  /** Weight of the logistic regression's log-odds in the combined score (0: not trained). */
  logisticWeight: number;
  /** Softmax temperature over the combined score; margins need a low one (set from CV). */
  temperature: number;
  /** Weight of the nearest-sample-question similarity added to the model's probability. */
  neighbourWeight: number;
}

const NEIGHBOUR_CANDIDATES = 10;

export const DEFAULT_RANKER: RankerOptions = {
  ...DEFAULT_VECTORIZER,
  seed: 77,
  svmC: 0.5,
  svmPasses: 100,
  svmWeight: 1,
  epochs: 8,
  lambda: 1e-5,
  learningRate: 1,
  logisticWeight: 0,
  temperature: 0.19,
  neighbourWeight: 0.3,
};

export interface Ranked {
  articleId: string;
  /** Softmax probability of the article (after the temperature); sums to 1 over articles. */
  probability: number;
  /** What the ranking is sorted by: the probability, plus the neighbour term if enabled. */
  score: number;
  /** The article's sample question (or title) closest to the query, and its cosine. */
  matchedQuestion: string;
  similarity: number;
}

/**
 * A trained ranker as plain data: primitives, arrays and typed arrays only, so it survives
 * structured clone (`postMessage` from a worker thread that trained it). Sample questions
 * are kept with their vectors in CSR form (`offsets[e]..offsets[e + 1]` of `indices` and
 * `values` belong to example `e`).
 */
export interface RankerState {
  version: 1;
  options: RankerOptions;
  vectorizer: VectorizerState;
  articleIds: string[];
  /** The linear models whose weight in the options is above 0 (feature-major weights). */
  svm: LinearModel | null;
  logistic: LinearModel | null;
  examples: {
    texts: string[];
    labels: Int32Array;
    offsets: Int32Array;
    indices: Int32Array;
    values: Float32Array;
  };
}

interface Example {
  text: string;
  label: number;
  vector: SparseVector;
}

/**
 * Ranks articles for a question from their sample questions and titles as labelled
 * examples: TF-IDF vectors (vectorizer.ts), one-vs-rest linear SVMs (svm.ts) and optionally
 * a multinomial logistic regression (logistic.ts), their scores summed with weights and
 * turned into probabilities by a softmax with a temperature, plus the cosine to each
 * article's nearest sample question. Training is deterministic: same articles and seed,
 * same model.
 */
export class Ranker {
  private constructor(
    private readonly options: RankerOptions,
    private readonly vectorizer: Vectorizer,
    private readonly articleIds: readonly string[],
    private readonly svm: LinearModel | null,
    private readonly logistic: LinearModel | null,
    private readonly examplesByArticle: readonly Example[][],
  ) {}

  static train(articles: readonly RankerArticle[], options: Partial<RankerOptions> = {}): Ranker {
    const settings = { ...DEFAULT_RANKER, ...options };
    const texts: { text: string; label: number }[] = [];
    articles.forEach((article, label) => {
      for (const text of [article.title, ...article.questions])
        if (text.trim().length > 0) texts.push({ text, label });
    });
    const vectorizer = Vectorizer.learn(
      texts.map(({ text }) => text),
      settings,
    );
    const examples: Example[] = texts.map(({ text, label }) => ({
      text,
      label,
      vector: vectorizer.transform(text),
    }));
    const classes = articles.length;
    const svm =
      settings.svmWeight > 0 ? trainSvm(examples, classes, vectorizer.size, settings) : null;
    const logistic =
      settings.logisticWeight > 0
        ? trainLogistic(examples, classes, vectorizer.size, settings)
        : null;
    const byArticle: Example[][] = articles.map(() => []);
    for (const example of examples) byArticle[example.label]!.push(example);
    return new Ranker(
      settings,
      vectorizer,
      articles.map(({ id }) => id),
      svm,
      logistic,
      byArticle,
    );
  }

  /** The model as plain data, to send from a worker thread or to keep; see `fromState`. */
  toState(): RankerState {
    const examples = this.examplesByArticle.flat();
    const offsets = new Int32Array(examples.length + 1);
    examples.forEach((example, e) => {
      offsets[e + 1] = offsets[e]! + example.vector.indices.length;
    });
    const indices = new Int32Array(offsets[examples.length]!);
    const values = new Float32Array(offsets[examples.length]!);
    examples.forEach((example, e) => {
      indices.set(example.vector.indices, offsets[e]!);
      values.set(example.vector.values, offsets[e]!);
    });
    return {
      version: 1,
      options: { ...this.options },
      vectorizer: this.vectorizer.toState(),
      articleIds: [...this.articleIds],
      svm: this.svm && { weights: this.svm.weights.slice(), bias: this.svm.bias.slice() },
      logistic: this.logistic && {
        weights: this.logistic.weights.slice(),
        bias: this.logistic.bias.slice(),
      },
      examples: {
        texts: examples.map(({ text }) => text),
        labels: Int32Array.from(examples, ({ label }) => label),
        offsets,
        indices,
        values,
      },
    };
  }

  /** A ranker from `toState()`'s data (possibly structured-cloned): predicts exactly alike. */
  static fromState(state: RankerState): Ranker {
    if (state.version !== 1)
      throw new Error(`unknown ranker state version ${String(state.version)}`);
    const { texts, labels, offsets, indices, values } = state.examples;
    const byArticle: Example[][] = state.articleIds.map(() => []);
    texts.forEach((text, e) => {
      const label = labels[e]!;
      byArticle[label]!.push({
        text,
        label,
        vector: {
          indices: indices.slice(offsets[e]!, offsets[e + 1]!),
          values: values.slice(offsets[e]!, offsets[e + 1]!),
        },
      });
    });
    return new Ranker(
      { ...state.options },
      Vectorizer.fromState(state.vectorizer),
      [...state.articleIds],
      state.svm,
      state.logistic,
      byArticle,
    );
  }

  get articleCount(): number {
    return this.articleIds.length;
  }

  /** Articles ranked for a question, best first, at most `limit`. */
  predict(question: string, limit = 5): Ranked[] {
    const vector = this.vectorizer.transform(question);
    const probabilities = this.probabilities(vector);
    const neighbour = this.options.neighbourWeight;
    // The neighbour term (at most `neighbourWeight`) only reorders articles the model
    // already ranks high, so only the top few are scanned for their nearest question.
    const candidates = Array.from({ length: this.articleIds.length }, (_, label) => label)
      .sort((a, b) => probabilities[b]! - probabilities[a]!)
      .slice(0, neighbour > 0 ? Math.max(limit, NEIGHBOUR_CANDIDATES) : limit);
    return candidates
      .map((label) => {
        const nearest = this.nearest(label, vector);
        const probability = probabilities[label]!;
        return {
          articleId: this.articleIds[label]!,
          probability,
          score: probability + neighbour * nearest.similarity,
          matchedQuestion: nearest.text,
          similarity: nearest.similarity,
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** The softmax over the articles of the models' weighted scores. */
  private probabilities(vector: SparseVector): Float64Array {
    const classes = this.articleIds.length;
    const combined = new Float64Array(classes);
    const scores = new Float64Array(classes);
    if (this.svm) {
      linearScores(this.svm, vector, scores);
      for (let c = 0; c < classes; c++)
        combined[c] = combined[c]! + this.options.svmWeight * scores[c]!;
    }
    if (this.logistic) {
      linearScores(this.logistic, vector, scores);
      for (let c = 0; c < classes; c++)
        combined[c] = combined[c]! + this.options.logisticWeight * scores[c]!;
    }
    softmax(combined, this.options.temperature);
    return combined;
  }

  private nearest(label: number, vector: SparseVector): { text: string; similarity: number } {
    const examples = this.examplesByArticle[label]!;
    let best = { text: examples[0]?.text ?? '', similarity: 0 };
    // Both vectors have the same block weights, so the cosine is the dot over their norms.
    const norm = Math.sqrt(dot(vector, vector));
    if (norm === 0) return best;
    for (const example of examples) {
      const similarity =
        dot(vector, example.vector) / (norm * Math.sqrt(dot(example.vector, example.vector)));
      if (similarity > best.similarity) best = { text: example.text, similarity };
    }
    return best;
  }
}
