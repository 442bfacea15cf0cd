import { seededRandom, shuffle } from '../apps/knowledge/src/search/ranker/sparse';
import { stratifiedFolds, type Labelled } from './banking77';

/**
 * Helpers of bench/answer-deferral.ts: out-of-scope simulated by holding out whole intents,
 * a small logistic calibrator, and the answer/defer curve of a confidence.
 */

/** A query's outcome under one method: its confidence, and whether answering it is right. */
export interface Scored {
  confidence: number;
  /** In scope (its intent is in the knowledge base). */
  answerable: boolean;
  /** In scope and the top article is its intent's. */
  right: boolean;
}

/** A seeded `share` of the labels, sorted: the intents the knowledge base does not have. */
export function heldOutIntents(
  rows: readonly Labelled[],
  share: number,
  seed: number,
): Set<string> {
  const labels = [...new Set(rows.map(({ label }) => label))].sort();
  const count = Math.round(labels.length * share);
  return new Set(shuffle(labels, seededRandom(seed)).slice(0, count));
}

/**
 * One simulated knowledge base out of labelled rows: `share` of the intents are missing;
 * the others' `train` questions are the articles' sample questions. Queries are the
 * `test` questions of all intents (a missing intent's are the unanswerable ones).
 */
export function simulate(
  train: readonly Labelled[],
  test: readonly Labelled[],
  share: number,
  seed: number,
): { articles: Labelled[]; queries: { row: Labelled; answerable: boolean }[] } {
  const missing = heldOutIntents([...train, ...test], share, seed);
  return {
    articles: train.filter(({ label }) => !missing.has(label)),
    queries: test.map((row) => ({ row, answerable: !missing.has(row.label) })),
  };
}

/** Every `folds`-th question of each label (seeded) as the check part, the rest to fit. */
export function innerSplit(
  rows: readonly Labelled[],
  folds: number,
  seed: number,
): { fitRows: Labelled[]; checkRows: Labelled[] } {
  const fold = stratifiedFolds(rows, folds, seed);
  return {
    fitRows: rows.filter((_, i) => fold[i] !== 0),
    checkRows: rows.filter((_, i) => fold[i] === 0),
  };
}

/** % of answerable queries answered right, and % of unanswerable deferred, at a threshold. */
export function rates(
  scored: readonly Scored[],
  threshold: number,
): { correct: number; deferred: number } {
  let answerable = 0;
  let correct = 0;
  let unanswerable = 0;
  let deferred = 0;
  for (const { confidence, answerable: inScope, right } of scored) {
    const answers = confidence >= threshold;
    if (inScope) {
      answerable++;
      if (answers && right) correct++;
    } else {
      unanswerable++;
      if (!answers) deferred++;
    }
  }
  return {
    correct: correct / Math.max(1, answerable),
    deferred: deferred / Math.max(1, unanswerable),
  };
}

export interface Curve {
  /** Every operating point, threshold ascending (deferral rises, correct answers fall). */
  points: { threshold: number; correct: number; deferred: number }[];
  /** The point with the highest min(correct, deferred). */
  balanced: { threshold: number; correct: number; deferred: number };
  /** The thresholds where both rates reach `goal`, if any. */
  bothAtLeast: { from: number; to: number; best: { correct: number; deferred: number } } | null;
  /** Area under correct-answered as a function of deferred (1: a perfect separation). */
  area: number;
}

/** The answer/defer curve over every distinct confidence as a threshold. */
export function curveOf(scored: readonly Scored[], goal = 0.9): Curve {
  const thresholds = [...new Set(scored.map(({ confidence }) => confidence))].sort((a, b) => a - b);
  thresholds.push(Infinity);
  // One pass: sorted by confidence, each threshold defers everything below it.
  const sorted = [...scored].sort((a, b) => a.confidence - b.confidence);
  const answerable = sorted.filter((s) => s.answerable).length;
  const unanswerable = sorted.length - answerable;
  let correct = sorted.filter((s) => s.right).length;
  let deferred = 0;
  let at = 0;
  const points: Curve['points'] = [];
  for (const threshold of thresholds) {
    while (at < sorted.length && sorted[at]!.confidence < threshold) {
      const s = sorted[at++]!;
      if (s.right) correct--;
      if (!s.answerable) deferred++;
    }
    points.push({
      threshold,
      correct: correct / Math.max(1, answerable),
      deferred: deferred / Math.max(1, unanswerable),
    });
  }
  let balanced = points[0]!;
  for (const point of points)
    if (Math.min(point.correct, point.deferred) > Math.min(balanced.correct, balanced.deferred))
      balanced = point;
  const good = points.filter(({ correct: c, deferred: d }) => c >= goal && d >= goal);
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    area += ((b.deferred - a.deferred) * (a.correct + b.correct)) / 2;
  }
  // From the first point (defer nothing) back to deferred 0 is flat at that point's rate.
  area += points[0]!.deferred * points[0]!.correct;
  return {
    points,
    balanced,
    bothAtLeast:
      good.length === 0
        ? null
        : {
            from: good[0]!.threshold,
            to: good[good.length - 1]!.threshold,
            best: good.reduce((x, y) => (x.correct + x.deferred >= y.correct + y.deferred ? x : y)),
          },
    area,
  };
}

/** The threshold a training-side curve chooses: the balanced point's (highest min of the two). */
export function chooseThreshold(scored: readonly Scored[]): number {
  return curveOf(scored).balanced.threshold;
}

/**
 * Binary logistic regression, L2-regularised, by Newton's method (a handful of features,
 * so the Hessian is tiny). Features are standardised inside; the coefficients returned
 * apply to the raw features: confidence = σ(intercept + Σ weight·feature).
 */
export function trainCalibrator(
  features: readonly (readonly number[])[],
  labels: readonly boolean[],
  lambda = 1e-3,
): { intercept: number; weights: number[] } {
  const n = features.length;
  const d = features[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => features.reduce((s, x) => s + x[j]!, 0) / n);
  const scale = Array.from({ length: d }, (_, j) => {
    const variance = features.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  const z = features.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const x = z[i]!;
      const p = sigmoid(x.reduce((s, v, j) => s + v * w[j]!, 0));
      const residual = p - (labels[i] ? 1 : 0);
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j <= d; j++) {
        gradient[j] += residual * x[j]!;
        for (let k = 0; k <= d; k++) hessian[j]![k] += curvature * x[j]! * x[k]!;
      }
    }
    for (let j = 1; j <= d; j++) {
      gradient[j] += lambda * n * w[j]!;
      hessian[j]![j] += lambda * n;
    }
    const step = solve(hessian, gradient);
    let moved = 0;
    for (let j = 0; j <= d; j++) {
      w[j] -= step[j]!;
      moved = Math.max(moved, Math.abs(step[j]!));
    }
    if (moved < 1e-8) break;
  }
  const weights = Array.from({ length: d }, (_, j) => w[j + 1]! / scale[j]!);
  const intercept = w[0]! - weights.reduce((s, weight, j) => s + weight * mean[j]!, 0);
  return { intercept, weights };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Gaussian elimination with partial pivoting (small dense systems). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]![col]! || 1e-12;
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / head;
      for (let k = col; k <= n; k++) a[row]![k] -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export function meanSd(values: readonly number[], digits = 1, factor = 100): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(
    values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1),
  );
  return `${(mean * factor).toFixed(digits)} ± ${(sd * factor).toFixed(digits)}`;
}
