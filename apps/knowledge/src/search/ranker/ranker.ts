import { dot, seededRandom, shuffle, type SparseVector } from './sparse';
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

export interface RankerOptions extends VectorizerOptions {
  seed: number;
  epochs: number;
  /** L2 regularisation per example. */
  lambda: number;
  /** Initial learning rate of the decaying schedule η0 / (1 + η0·λ·t). */
  learningRate: number;
  /** Softmax temperature: above 1 softens over-confident probabilities (set from CV). */
  temperature: number;
  /** Weight of the nearest-sample-question similarity added to the model's probability. */
  neighbourWeight: number;
}

const GRADIENT_FLOOR = 1e-4;
const NEIGHBOUR_CANDIDATES = 10;

export const DEFAULT_RANKER: RankerOptions = {
  ...DEFAULT_VECTORIZER,
  seed: 77,
  epochs: 8,
  lambda: 1e-5,
  learningRate: 1,
  temperature: 1,
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
  weights: Float64Array;
  bias: Float64Array;
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
 * A multinomial logistic regression over TF-IDF features, trained on the articles' sample
 * questions and titles with seeded SGD (deterministic: same articles and seed, same model).
 * Weights sit in one Float64Array laid out feature-major, so the classes of one feature are
 * contiguous; L2 decay uses a shared scale factor so an update only touches the features
 * of the example.
 */
export class Ranker {
  private constructor(
    private readonly options: RankerOptions,
    private readonly vectorizer: Vectorizer,
    private readonly articleIds: readonly string[],
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
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
    const weights = new Float64Array(vectorizer.size * classes);
    const bias = new Float64Array(classes);
    const random = seededRandom(settings.seed);
    const order = examples.map((_, index) => index);
    const scores = new Float64Array(classes);
    const activeClasses = new Int32Array(classes);
    const activeGradients = new Float64Array(classes);
    let scale = 1;
    let step = 0;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      shuffle(order, random);
      for (const index of order) {
        const { vector, label } = examples[index]!;
        const rate = settings.learningRate / (1 + settings.learningRate * settings.lambda * step++);
        linearScores(weights, bias, scale, vector, scores);
        softmax(scores, 1);
        scores[label] = scores[label]! - 1; // now the gradient of the loss per class
        scale *= 1 - rate * settings.lambda;
        const factor = rate / scale;
        // Classes whose gradient is negligible are skipped: most of the 77 once the model
        // has learnt, which is what keeps an epoch fast.
        let active = 0;
        for (let c = 0; c < classes; c++)
          if (Math.abs(scores[c]!) >= GRADIENT_FLOOR) {
            activeClasses[active] = c;
            activeGradients[active++] = scores[c]!;
            bias[c] = bias[c]! - rate * scores[c]!;
          }
        for (let i = 0; i < vector.indices.length; i++) {
          const base = vector.indices[i]! * classes;
          const value = factor * vector.values[i]!;
          for (let a = 0; a < active; a++) {
            const w = base + activeClasses[a]!;
            weights[w] = weights[w]! - value * activeGradients[a]!;
          }
        }
        if (scale < 1e-6) {
          // Fold the shared decay into the weights before it underflows.
          for (let w = 0; w < weights.length; w++) weights[w] = weights[w]! * scale;
          scale = 1;
        }
      }
    }
    for (let w = 0; w < weights.length; w++) weights[w] = weights[w]! * scale;
    const byArticle: Example[][] = articles.map(() => []);
    for (const example of examples) byArticle[example.label]!.push(example);
    return new Ranker(
      settings,
      vectorizer,
      articles.map(({ id }) => id),
      weights,
      bias,
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
      weights: this.weights.slice(),
      bias: this.bias.slice(),
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
      state.weights,
      state.bias,
      byArticle,
    );
  }

  get articleCount(): number {
    return this.articleIds.length;
  }

  /** Articles ranked for a question, best first, at most `limit`. */
  predict(question: string, limit = 5): Ranked[] {
    const vector = this.vectorizer.transform(question);
    const classes = this.articleIds.length;
    const probabilities = new Float64Array(classes);
    linearScores(this.weights, this.bias, 1, vector, probabilities);
    softmax(probabilities, this.options.temperature);
    const neighbour = this.options.neighbourWeight;
    // The neighbour term (at most `neighbourWeight`) only reorders articles the model
    // already ranks high, so only the top few are scanned for their nearest question.
    const candidates = Array.from({ length: classes }, (_, label) => label)
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

function linearScores(
  weights: Float64Array,
  bias: Float64Array,
  scale: number,
  vector: SparseVector,
  into: Float64Array,
): void {
  const classes = bias.length;
  into.fill(0);
  for (let i = 0; i < vector.indices.length; i++) {
    const base = vector.indices[i]! * classes;
    const value = vector.values[i]!;
    for (let c = 0; c < classes; c++) into[c] = into[c]! + value * weights[base + c]!;
  }
  for (let c = 0; c < classes; c++) into[c] = into[c]! * scale + bias[c]!;
}

/** Softmax in place, numerically stable, with a temperature. */
function softmax(scores: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const value = Math.exp((scores[c]! - max) / temperature);
    scores[c] = value;
    sum += value;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = scores[c]! / sum;
}
