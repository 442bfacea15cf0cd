import { linearScores, softmax, type LabelledVector, type LinearModel } from './linear';
import { seededRandom, shuffle } from './sparse';

export interface LogisticOptions {
  seed: number;
  epochs: number;
  /** L2 regularisation per example. */
  lambda: number;
  /** Initial learning rate of the decaying schedule η0 / (1 + η0·λ·t). */
  learningRate: number;
}

const GRADIENT_FLOOR = 1e-4;

/**
 * Multinomial logistic regression trained with seeded SGD on the cross-entropy with L2
 * (deterministic: same examples and seed, same model). L2 decay uses a shared scale factor,
 * so an update only touches the features of the example, and classes whose gradient is
 * negligible are skipped.
 */
export function trainLogistic(
  examples: readonly LabelledVector[],
  classes: number,
  features: number,
  options: LogisticOptions,
): LinearModel {
  const model = { weights: new Float64Array(features * classes), bias: new Float64Array(classes) };
  const { weights, bias } = model;
  const random = seededRandom(options.seed);
  const order = examples.map((_, index) => index);
  const scores = new Float64Array(classes);
  const activeClasses = new Int32Array(classes);
  const activeGradients = new Float64Array(classes);
  let scale = 1;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const index of order) {
      const { vector, label } = examples[index]!;
      const rate = options.learningRate / (1 + options.learningRate * options.lambda * step++);
      linearScores(model, vector, scores, scale);
      softmax(scores, 1);
      scores[label] = scores[label]! - 1; // now the gradient of the loss per class
      scale *= 1 - rate * options.lambda;
      const factor = rate / scale;
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
  return model;
}
