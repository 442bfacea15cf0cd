import { linearScores } from './linear';
import type { SparseVector } from './sparse';
import { trainSvm } from './svm';

const vector = (entries: [number, number][]): SparseVector => ({
  indices: Int32Array.from(entries.map(([index]) => index)),
  values: Float32Array.from(entries.map(([, value]) => value)),
});

// Three classes, each marked by its own feature (0, 1, 2) plus shared noise (feature 3).
const examples = [
  { vector: vector([[0, 1]]), label: 0 },
  {
    vector: vector([
      [0, 0.8],
      [3, 0.6],
    ]),
    label: 0,
  },
  { vector: vector([[1, 1]]), label: 1 },
  {
    vector: vector([
      [1, 0.8],
      [3, 0.6],
    ]),
    label: 1,
  },
  { vector: vector([[2, 1]]), label: 2 },
  {
    vector: vector([
      [2, 0.8],
      [3, 0.6],
    ]),
    label: 2,
  },
];
const options = { seed: 3, svmC: 1, svmPasses: 100 };

const best = (model: ReturnType<typeof trainSvm>, query: SparseVector) => {
  const scores = new Float64Array(3);
  linearScores(model, query, scores);
  return scores.indexOf(Math.max(...scores));
};

describe('one-vs-rest linear SVMs', () => {
  const model = trainSvm(examples, 3, 4, options);

  it.each([
    [[[0, 1]], 0],
    [
      [
        [1, 0.5],
        [3, 0.5],
      ],
      1,
    ],
    [[[2, 0.3]], 2],
  ] as [[number, number][], number][])('puts %j in class %i', (entries, label) => {
    expect(best(model, vector(entries))).toBe(label);
  });

  it('puts every training example on the right side of its margin', () => {
    for (const { vector: example, label } of examples) {
      const scores = new Float64Array(3);
      linearScores(model, example, scores);
      expect(scores[label]).toBeGreaterThan(0.5);
      for (let c = 0; c < 3; c++) if (c !== label) expect(scores[c]).toBeLessThan(-0.5);
    }
  });

  it('keeps weights feature-major: the classes of one feature are contiguous', () => {
    expect(model.weights).toHaveLength(4 * 3);
    expect(model.weights[0 * 3 + 0]).toBeGreaterThan(0);
    expect(model.weights[0 * 3 + 1]).toBeLessThan(0);
  });

  it('regularises more with a lower C: smaller weights', () => {
    const loose = trainSvm(examples, 3, 4, { ...options, svmC: 10 });
    const tight = trainSvm(examples, 3, 4, { ...options, svmC: 0.01 });
    const norm = (weights: Float64Array) => Math.hypot(...weights);
    expect(norm(tight.weights)).toBeLessThan(norm(loose.weights));
  });

  it('is deterministic for a seed', () => {
    expect(trainSvm(examples, 3, 4, options)).toEqual(model);
  });
});
