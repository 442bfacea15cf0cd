import { terms, words } from '@tandem/text';

/** Which block a feature belongs to: each block is weighted and normalised on its own. */
export const WORD = 'w';
export const CHAR = 'c';

export interface FeatureOptions {
  /** Shortest and longest character n-gram taken inside a (padded) word. */
  charMin: number;
  charMax: number;
  /** Pairs of matching terms up to this far apart (1: adjacent bigrams only). */
  pairWindow: number;
  /** 1: expand English contractions, stem harder (see `normalise`) and map numbers to `#`. */
  normalise: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  charMin: 2,
  charMax: 5,
  pairWindow: 1,
  normalise: 1,
};

const HAN = /\p{Script=Han}/u;

/** English contractions, with and without the apostrophe, as the words they stand for. */
const CONTRACTIONS = new Map<string, string[]>(
  Object.entries({
    "can't": ['can', 'not'],
    cant: ['can', 'not'],
    "won't": ['will', 'not'],
    wont: ['will', 'not'],
    "i'm": ['i', 'am'],
    im: ['i', 'am'],
    "i've": ['i', 'have'],
    ive: ['i', 'have'],
    "i'd": ['i', 'would'],
    "i'll": ['i', 'will'],
    "it's": ['it', 'is'],
    "what's": ['what', 'is'],
    whats: ['what', 'is'],
    "there's": ['there', 'is'],
    "that's": ['that', 'is'],
    "where's": ['where', 'is'],
    "how's": ['how', 'is'],
    "you're": ['you', 'are'],
    "they're": ['they', 'are'],
    "you've": ['you', 'have'],
    "they've": ['they', 'have'],
  }),
);
const NOT_SUFFIX = /^([a-z]+)n'?t$/;
const NOT_WORDS = new Set([
  'do',
  'does',
  'did',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'could',
  'would',
  'should',
  'must',
  'need',
]);

/** Raw words with contractions expanded ("didn't" → "did not") and numbers as `#`. */
export function normalisedWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of words(text)) {
    const word = raw.replace(/’/g, "'");
    const expanded = CONTRACTIONS.get(word);
    if (expanded) {
      out.push(...expanded);
      continue;
    }
    const not = NOT_SUFFIX.exec(word);
    if (not && NOT_WORDS.has(not[1]!)) {
      out.push(not[1]!, 'not');
      continue;
    }
    if (/^[\d.,]*\d[\d.,]*$/.test(word)) out.push('#');
    else out.push(word.endsWith("'s") ? word.slice(0, -2) : word);
  }
  return out;
}

/**
 * A harder English stemmer than libs/text's (which leaves "charge" but cuts "charged" to
 * "charg"): suffixes are stripped and then a final "e", so the forms of a word meet.
 */
export function stemHard(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let stem = word;
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ied', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) {
      if (suffix === 's' && /(ss|us|is)$/.test(stem)) break;
      stem = stem.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  // "stopped" → "stopp" → "stop"
  if (stem.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|zz)$/.test(stem))
    stem = stem.slice(0, -1);
  return stem;
}

const termCache = new Map<string, string | null>();
/** The matching term of one word (libs/text's stopwords dropped), stemmed harder. */
function termOf(word: string): string | null {
  let term = termCache.get(word);
  if (term === undefined) {
    term = terms(word).length === 0 && word !== '#' ? null : stemHard(word);
    if (termCache.size < 100_000) termCache.set(word, term);
  }
  return term;
}

/**
 * The features of a text, as strings with their block's prefix, repeated as often as they
 * occur. Words are the matching terms of libs/text (segmented Chinese, stemmed English,
 * no stopwords) as unigrams and bigrams; characters are n-grams inside each space-padded
 * raw word, so a typo still shares most n-grams with the right word and a Chinese word the
 * segmenter cut differently still shares its characters (each Han character is a feature).
 */
export function featuresOf(text: string, options: FeatureOptions = DEFAULT_FEATURES): string[] {
  const features: string[] = [];
  const raw = options.normalise ? normalisedWords(text) : words(text);
  const matching = options.normalise
    ? raw.map(termOf).filter((term): term is string => term !== null)
    : terms(text);
  for (let i = 0; i < matching.length; i++) {
    features.push(`${WORD}:${matching[i]}`);
    for (let back = 1; back <= options.pairWindow && back <= i; back++)
      features.push(`${WORD}:${matching[i - back]}${back === 1 ? ' ' : '~'}${matching[i]}`);
  }
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
