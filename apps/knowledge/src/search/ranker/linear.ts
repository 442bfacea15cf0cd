import type { SparseVector } from './sparse';

/**
 * A linear model over sparse vectors with one score per class: weights feature-major (the
 * classes of one feature are contiguous, so scoring a query reads a few short runs).
 */
export interface LinearModel {
  weights: Float64Array;
  bias: Float64Array;
}

/** A labelled training vector. */
export interface LabelledVector {
  vector: SparseVector;
  label: number;
}

/** Per-class scores `scale · (W·x) + b` into `into`. */
export function linearScores(
  { weights, bias }: LinearModel,
  vector: SparseVector,
  into: Float64Array,
  scale = 1,
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
export function softmax(scores: Float64Array, temperature: number): void {
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
