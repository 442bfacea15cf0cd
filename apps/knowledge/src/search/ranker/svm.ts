import type { LabelledVector, LinearModel } from './linear';
import { dot, seededRandom } from './sparse';

export interface SvmOptions {
  seed: number;
  /** Cost of a margin violation (LIBLINEAR's C): lower regularises more. */
  svmC: number;
  /** Most passes over the examples per class. */
  svmPasses: number;
}

/** Stop a class when its projected gradients span less than this (LIBLINEAR's default). */
const TOLERANCE = 0.1;

/**
 * One-vs-rest linear SVMs with the squared hinge loss, each solved in the dual by
 * coordinate descent with shrinking (Hsieh et al., 2008, "A Dual Coordinate Descent Method
 * for Large-scale Linear SVM", the method of LIBLINEAR). The bias is a constant feature
 * (so it is regularised). Examples far outside the margin leave the active set: most of
 * the other 76 articles' questions after the first pass, which is what keeps it fast.
 * Deterministic: the visiting order comes from the seeded generator.
 */
export function trainSvm(
  examples: readonly LabelledVector[],
  classes: number,
  features: number,
  options: SvmOptions,
): LinearModel {
  const n = examples.length;
  const diagonal = 1 / (2 * options.svmC);
  const curvature = Float64Array.from(examples, ({ vector }) => dot(vector, vector) + 1 + diagonal);
  const random = seededRandom(options.seed);
  const classWeights = new Float64Array(features + 1); // one class at a time, bias last
  const model = { weights: new Float64Array(features * classes), bias: new Float64Array(classes) };
  const order = new Int32Array(n);
  const alpha = new Float64Array(n);
  for (let c = 0; c < classes; c++) {
    classWeights.fill(0);
    alpha.fill(0);
    for (let i = 0; i < n; i++) order[i] = i;
    let active = n;
    let shrinkAbove = Infinity;
    for (let pass = 0; pass < options.svmPasses; pass++) {
      for (let i = active - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
      }
      let highest = -Infinity;
      let lowest = Infinity;
      for (let s = 0; s < active; s++) {
        const e = order[s]!;
        const { vector, label } = examples[e]!;
        const sign = label === c ? 1 : -1;
        let margin = classWeights[features]!;
        for (let k = 0; k < vector.indices.length; k++)
          margin += classWeights[vector.indices[k]!]! * vector.values[k]!;
        const gradient = sign * margin - 1 + diagonal * alpha[e]!;
        let projected = gradient;
        if (alpha[e] === 0) {
          if (gradient > shrinkAbove) {
            // Far outside the margin: set aside until the final check.
            active--;
            order[s] = order[active]!;
            order[active] = e;
            s--;
            continue;
          }
          projected = Math.min(gradient, 0);
        }
        highest = Math.max(highest, projected);
        lowest = Math.min(lowest, projected);
        if (Math.abs(projected) > 1e-12) {
          const before = alpha[e]!;
          alpha[e] = Math.max(before - gradient / curvature[e]!, 0);
          const delta = (alpha[e]! - before) * sign;
          for (let k = 0; k < vector.indices.length; k++)
            classWeights[vector.indices[k]!] =
              classWeights[vector.indices[k]!]! + delta * vector.values[k]!;
          classWeights[features] = classWeights[features]! + delta;
        }
      }
      if (highest - lowest <= TOLERANCE) {
        if (active === n) break;
        // Converged on the active set: check every example once more.
        active = n;
        shrinkAbove = Infinity;
        continue;
      }
      shrinkAbove = highest <= 0 ? Infinity : highest;
    }
    for (let f = 0; f < features; f++) model.weights[f * classes + c] = classWeights[f]!;
    model.bias[c] = classWeights[features]!;
  }
  return model;
}
