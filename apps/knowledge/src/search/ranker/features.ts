import { terms, words } from '@tandem/text';

/** Which block a feature belongs to: each block is weighted and normalised on its own. */
export const WORD = 'w';
export const CHAR = 'c';

export interface FeatureOptions {
  /** Shortest and longest character n-gram taken inside a (padded) word. */
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 2, charMax: 5 };

const HAN = /\p{Script=Han}/u;

/**
 * The features of a text, as strings with their block's prefix, repeated as often as they
 * occur. Words are the matching terms of libs/text (segmented Chinese, stemmed English,
 * no stopwords) as unigrams and bigrams; characters are n-grams inside each space-padded
 * raw word, so a typo still shares most n-grams with the right word and a Chinese word the
 * segmenter cut differently still shares its characters (each Han character is a feature).
 */
export function featuresOf(text: string, options: FeatureOptions = DEFAULT_FEATURES): string[] {
  const features: string[] = [];
  const matching = terms(text);
  for (let i = 0; i < matching.length; i++) {
    features.push(`${WORD}:${matching[i]}`);
    if (i > 0) features.push(`${WORD}:${matching[i - 1]} ${matching[i]}`);
  }
  const raw = words(text);
  // Bigrams of the raw words keep what stopword removal loses ("why is", "can i", "not").
  for (let i = 1; i < raw.length; i++) features.push(`${WORD}:${raw[i - 1]}_${raw[i]}`);
  for (const word of raw) {
    const chars = [...` ${word} `];
    for (let n = options.charMin; n <= options.charMax; n++)
      for (let start = 0; start + n <= chars.length; start++)
        features.push(`${CHAR}:${chars.slice(start, start + n).join('')}`);
    for (const char of chars) if (HAN.test(char)) features.push(`${CHAR}:${char}`);
  }
  return features;
}
