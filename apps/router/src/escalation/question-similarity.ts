/**
 * How alike two customer messages are, for looping (the customer asking the same thing
 * again). Pure and language-aware without a dictionary: Chinese by characters and
 * overlapping character pairs (bigrams), other scripts by words, then the Jaccard index of
 * the two sets.
 */

/** Words that carry no question of their own; a repeated "thanks ok" is not a loop. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'am',
  'to',
  'of',
  'and',
  'or',
  'i',
  'me',
  'you',
  'it',
  'please',
  'pls',
  'thanks',
  'thank',
  'ok',
  'okay',
  'yes',
  'no',
  'hi',
  'hello',
  'so',
  'much',
  'very',
]);

/** Chinese particles and fillers dropped before taking pairs. */
const HAN_FILLER = /[的了吗呢吧啊呀嘛哦哈请谢您你我]/gu;

/** The tokens of a message: Han characters and character pairs plus the other words, lower-cased. */
export function questionTokens(text: string): Set<string> {
  const normalised = text.normalize('NFKC').toLowerCase();
  const tokens = new Set<string>();
  for (const run of normalised.match(/\p{Script=Han}+/gu) ?? []) {
    const han = [...run.replace(HAN_FILLER, '')];
    han.forEach((char, index) => {
      tokens.add(char);
      if (index + 1 < han.length) tokens.add(char + han[index + 1]!);
    });
  }
  for (const word of normalised.replace(/\p{Script=Han}+/gu, ' ').match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (!FILLER.has(word)) tokens.add(word);
  }
  return tokens;
}

/** Below this many tokens a message is too short to call a repeat ("ok", "在吗"). */
export const MIN_QUESTION_TOKENS = 2;

/** 0 (nothing shared) .. 1 (the same question); 0 when either is too short to judge. */
export function questionSimilarity(a: string, b: string): number {
  return tokenSimilarity(questionTokens(a), questionTokens(b));
}

export function tokenSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size < MIN_QUESTION_TOKENS || b.size < MIN_QUESTION_TOKENS) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared / (a.size + b.size - shared);
}
