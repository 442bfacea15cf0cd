import { CHAR, DEFAULT_FEATURES, featuresOf, type FeatureOptions } from './features';
import type { SparseVector } from './sparse';

export interface VectorizerOptions extends FeatureOptions {
  /** Features seen in fewer training texts are dropped (bounds the vocabulary). */
  minDf: number;
  /** Weight of each block after its own L2 normalisation. */
  wordWeight: number;
  charWeight: number;
}

/** A vectorizer as plain data (survives structured clone / postMessage). */
export interface VectorizerState {
  options: VectorizerOptions;
  /** The vocabulary in index order: `features[i]` is feature `i`. */
  features: string[];
  idf: Float32Array;
  isChar: Uint8Array;
}

export const DEFAULT_VECTORIZER: VectorizerOptions = {
  ...DEFAULT_FEATURES,
  minDf: 2,
  wordWeight: 1,
  charWeight: 1.5,
};

/**
 * TF-IDF over the features of libs/text: sublinear tf (1 + ln tf), smoothed idf, each block
 * (words, characters) L2-normalised on its own and then weighted, so neither block drowns
 * the other because it simply has more features.
 */
export class Vectorizer {
  private constructor(
    private readonly options: VectorizerOptions,
    private readonly vocabulary: Map<string, number>,
    private readonly idf: Float32Array,
    private readonly isChar: Uint8Array,
  ) {}

  static learn(
    texts: readonly string[],
    options: VectorizerOptions = DEFAULT_VECTORIZER,
  ): Vectorizer {
    const df = new Map<string, number>();
    for (const text of texts)
      for (const feature of new Set(featuresOf(text, options)))
        df.set(feature, (df.get(feature) ?? 0) + 1);
    // Sorted, so the same texts give the same indices whatever the map's insertion order.
    const kept = [...df.entries()]
      .filter(([, count]) => count >= options.minDf)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const vocabulary = new Map<string, number>();
    const idf = new Float32Array(kept.length);
    const isChar = new Uint8Array(kept.length);
    kept.forEach(([feature, count], index) => {
      vocabulary.set(feature, index);
      idf[index] = Math.log((1 + texts.length) / (1 + count)) + 1;
      isChar[index] = feature.startsWith(`${CHAR}:`) ? 1 : 0;
    });
    return new Vectorizer(options, vocabulary, idf, isChar);
  }

  static fromState(state: VectorizerState): Vectorizer {
    const vocabulary = new Map<string, number>();
    state.features.forEach((feature, index) => vocabulary.set(feature, index));
    return new Vectorizer({ ...state.options }, vocabulary, state.idf, state.isChar);
  }

  toState(): VectorizerState {
    const features = new Array<string>(this.idf.length);
    for (const [feature, index] of this.vocabulary) features[index] = feature;
    return {
      options: { ...this.options },
      features,
      idf: this.idf.slice(),
      isChar: this.isChar.slice(),
    };
  }

  get size(): number {
    return this.idf.length;
  }

  transform(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const feature of featuresOf(text, this.options)) {
      const index = this.vocabulary.get(feature);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float32Array(indices.length);
    const norms = [0, 0];
    indices.forEach((index, i) => {
      const value = (1 + Math.log(counts.get(index)!)) * this.idf[index]!;
      values[i] = value;
      norms[this.isChar[index]!]! += value * value;
    });
    const scale = [this.options.wordWeight, this.options.charWeight].map((weight, block) =>
      norms[block]! > 0 ? weight / Math.sqrt(norms[block]!) : 0,
    );
    indices.forEach((index, i) => {
      values[i] = values[i]! * scale[this.isChar[index]!]!;
    });
    return { indices, values };
  }
}
