import { words } from './segment';

/** Words that carry no meaning for matching a question to an answer. */
const STOPWORDS = new Set([
  // English
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'am',
  'do',
  'does',
  'did',
  'i',
  'me',
  'my',
  'you',
  'your',
  'we',
  'our',
  'it',
  'its',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'and',
  'or',
  'so',
  'with',
  'this',
  'that',
  'there',
  'what',
  'how',
  'can',
  'could',
  'would',
  'will',
  'please',
  'hi',
  'hello',
  'hey',
  'im',
  "i'm",
  'have',
  'has',
  'had',
  'from',
  'about',
  'just',
  'get',
  'got',
  'if',
  'by',
  'as',
  'any',
  'some',
  // Chinese
  '的',
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '我',
  '你',
  '您',
  '是',
  '在',
  '有',
  '和',
  '也',
  '就',
  '都',
  '想',
  '请',
  '要',
  '一下',
  '我想',
  '我的',
  '你们',
  '怎么',
  '如何',
  '什么',
  '可以',
  '能',
  '这个',
  '那个',
  '请问',
  '你好',
  '您好',
  '谢谢',
]);

/** A light English stemmer: enough to match "cards"/"card", "arrived"/"arrive", "charging"/"charge". */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length) + replacement;
      return suffix === 's' && word.endsWith('ss') ? word : base;
    }
  }
  return word;
}

/** The matching terms of a text: segmented, lower-cased, stemmed, without stopwords. */
export function terms(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem)
    .filter((word) => word.length > 0);
}
