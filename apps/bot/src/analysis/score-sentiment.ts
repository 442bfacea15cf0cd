import type { Emotion, EmotionScore, Sentiment } from '@tandem/contracts';
import { words, type Language } from '@tandem/text';
import {
  EMOJI,
  EN_INTENSIFIERS,
  EN_LEXICON,
  EN_NEGATORS,
  EN_PATTERNS,
  EN_SARCASM,
  ZH_INTENSIFIERS,
  ZH_LEXICON,
  ZH_NEGATION,
  ZH_PATTERNS,
  ZH_SARCASM,
  type LexiconEntry,
} from './sentiment-lexicon';

export interface Feeling {
  sentiment: Sentiment;
  emotions: EmotionScore[];
}

/** One cue found in a message, after negation and the clause's weight were applied. */
interface Cue {
  weight: number;
  emotion: Emotion | null;
  intensified: boolean;
}

const EMOTIONS: Emotion[] = ['anger', 'anxiety', 'frustration'];
/** Below this total a message is negative, above its opposite positive. */
const NEGATIVE_AT = -0.7;
const POSITIVE_AT = 0.5;
/** A negated complaint ("不差", "not bad") is a weak compliment, a negated compliment a complaint. */
const NEGATED_COMPLAINT = -0.5;
const NEGATED_PRAISE = -0.9;
const CONTRAST = /^(但是|但|不过|可是|然而|只是|就是|(but|however|though|yet)\b)/u;
const CONCESSION = /^(虽然|尽管|although|though)/u;

/**
 * Sentiment and service emotions of one customer message, by lexicon and rules: cues from
 * the language's customer-service lexicon, turned around by a negator in front of them,
 * strengthened by intensifiers; the clause after "但是/不过/but" outweighs the one before;
 * shouting, repeated punctuation, sarcasm markers and emoji add their own cues.
 */
export function scoreSentiment(text: string, language: Language): Sentiment {
  return feel(text, language).sentiment;
}

export function feel(text: string, language: Language): Feeling {
  const normalized = text.normalize('NFKC');
  const lower = normalized.toLowerCase();
  const cues: Cue[] = [];
  const clauses = splitClauses(language === 'en' ? expandEnglish(lower) : lower);
  let weight = 1;
  clauses.forEach((clause, index) => {
    if (CONTRAST.test(clause) && index > 0) {
      for (const cue of cues) cue.weight *= 0.5;
      weight = 1.3;
    }
    const clauseWeight = CONCESSION.test(clause) ? weight * 0.5 : weight;
    const found = language === 'en' ? englishCues(clause) : chineseCues(clause);
    for (const [pattern, entry] of language === 'en' ? EN_PATTERNS : ZH_PATTERNS) {
      if (pattern.test(clause)) found.push({ ...entry, intensified: false });
    }
    for (const cue of found) cues.push({ ...cue, weight: cue.weight * clauseWeight });
  });
  for (const [emoji, entry] of EMOJI) {
    if (normalized.includes(emoji)) cues.push({ ...entry, intensified: false });
  }

  const praise = cues.some((cue) => cue.weight > 0);
  const shouting = isShouting(normalized);
  const exclaimed = /!{2,}/.test(normalized);
  const questioned = /\?{2,}/.test(normalized);
  const repeated = exclaimed || questioned;
  if (language === 'zh' ? ZH_SARCASM.test(lower) : EN_SARCASM.test(lower)) {
    for (const cue of cues) if (cue.weight > 0) cue.weight = 0;
    cues.push({ weight: -1.5, emotion: 'frustration', intensified: false });
  }
  if (!praise && (shouting || exclaimed)) {
    cues.push({ weight: -1.5, emotion: 'anger', intensified: shouting });
  } else if (!praise && questioned) {
    cues.push({ weight: -1, emotion: 'frustration', intensified: false });
  }

  const total = cues.reduce((sum, cue) => sum + cue.weight, 0);
  const polarity =
    total <= NEGATIVE_AT ? 'negative' : total >= POSITIVE_AT ? 'positive' : 'neutral';
  const boost =
    (shouting ? 0.3 : 0) +
    (repeated ? 0.2 : 0) +
    0.1 * cues.filter((cue) => cue.intensified).length;
  const intensity =
    cues.length === 0 ? Math.min(1, boost) : Math.min(1, Math.abs(total) / 4 + boost);
  return {
    sentiment: { polarity, score: round(clamp(total / 3, -1, 1)), intensity: round(intensity) },
    emotions: polarity === 'negative' ? emotionsOf(cues) : [],
  };
}

function emotionsOf(cues: Cue[]): EmotionScore[] {
  return EMOTIONS.map((emotion) => ({
    emotion,
    score: round(
      Math.min(
        1,
        cues
          .filter((cue) => cue.emotion === emotion && cue.weight < 0)
          .reduce((sum, cue) => sum - cue.weight * (cue.intensified ? 1.3 : 1), 0) / 2.5,
      ),
    ),
  }))
    .filter((found) => found.score >= 0.4)
    .sort((a, b) => b.score - a.score);
}

function splitClauses(text: string): string[] {
  return text
    .split(/[,.;:!?~…\n，。；：！？、]+/u)
    .flatMap((clause) => clause.split(/\s+(?=(?:but|however|though)\b)/u))
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0);
}

const ZH_LONGEST = Math.max(...[...ZH_LEXICON.keys()].map((term) => term.length));

function chineseCues(clause: string): Cue[] {
  const cues: Cue[] = [];
  const segments = segmentsAt(clause);
  let at = 0;
  let previousEnd = 0;
  while (at < clause.length) {
    const match = longestAt(clause, at, segments);
    if (!match) {
      at += 1;
      continue;
    }
    const [term, entry] = match;
    // "好失败", "好慢": a one-character 好 in front of another cue is a degree word.
    if (term === '好' && longestAt(clause, at + 1, segments)) {
      at += 1;
      continue;
    }
    const before = clause.slice(Math.max(previousEnd, at - 7), at);
    cues.push(turn(entry, ZH_NEGATION.test(before), ZH_INTENSIFIERS.test(before)));
    at += term.length;
    previousEnd = at;
  }
  return cues;
}

/** Where each character's segment starts and how long it is (Intl.Segmenter, zh words). */
function segmentsAt(clause: string): { start: number; length: number }[] {
  const at: { start: number; length: number }[] = [];
  for (const part of zhSegmenter.segment(clause)) {
    for (let i = 0; i < part.segment.length; i++) {
      at.push({ start: part.index, length: part.segment.length });
    }
  }
  return at;
}
const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const ZH_MODIFIER = /^[很太真好超极不没挺巨贼]$/u;

function longestAt(
  clause: string,
  at: number,
  segments: { start: number; length: number }[],
): [string, LexiconEntry] | null {
  for (let length = Math.min(ZH_LONGEST, clause.length - at); length >= 1; length--) {
    const term = clause.slice(at, at + length);
    const entry = ZH_LEXICON.get(term);
    if (!entry) continue;
    if (length === 1 && !standsAlone(clause, at, segments)) continue;
    return [term, entry];
  }
  return null;
}

/** A one-character cue counts only as a word of its own, or after a degree word ("太慢"). */
function standsAlone(clause: string, at: number, segments: { start: number; length: number }[]) {
  const segment = segments[at];
  if (!segment || segment.length === 1) return true;
  if (segment.length !== 2) return false;
  return segment.start === at - 1 && ZH_MODIFIER.test(clause[at - 1] ?? '');
}

const EN_LONGEST = 5;

function englishCues(clause: string): Cue[] {
  const tokens = words(clause);
  const cues: Cue[] = [];
  let at = 0;
  let previousEnd = 0;
  while (at < tokens.length) {
    let matched = 0;
    for (let length = Math.min(EN_LONGEST, tokens.length - at); length >= 1; length--) {
      const entry = EN_LEXICON.get(tokens.slice(at, at + length).join(' '));
      if (!entry) continue;
      const window = tokens.slice(Math.max(previousEnd, at - 3), at);
      const negated = !EN_NEGATORS.has(tokens[at]!) && window.some((word) => EN_NEGATORS.has(word));
      const intensified = window.some((word) => EN_INTENSIFIERS.has(word));
      cues.push(turn(entry, negated, intensified));
      matched = length;
      // A cue ending in a negator ("still has not") leaves it to negate what follows.
      previousEnd = EN_NEGATORS.has(tokens[at + length - 1]!) ? at + length - 1 : at + length;
      break;
    }
    at += Math.max(1, matched);
  }
  return cues;
}

function turn(entry: LexiconEntry, negated: boolean, intensified: boolean): Cue {
  const factor = intensified ? 1.5 : 1;
  if (!negated) return { weight: entry.weight * factor, emotion: entry.emotion, intensified };
  const flip = entry.weight < 0 ? NEGATED_COMPLAINT : NEGATED_PRAISE;
  return { weight: entry.weight * flip * factor, emotion: null, intensified };
}

/** "doesn't" → "does not", "cant" → "can not", "i'm" → "i am": one form for the lexicon. */
function expandEnglish(text: string): string {
  return text
    .replace(/[’`]/g, "'")
    .replace(/\b(can|won|ain)'?t\b/g, (_, stem: string) =>
      stem === 'won' ? 'will not' : stem === 'ain' ? 'is not' : 'can not',
    )
    .replace(
      /\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)n'?t\b/g,
      '$1 not',
    )
    .replace(/#not(?=[a-z])/g, 'not ')
    .replace(/#no(?=fun|help|service)/g, 'no ')
    .replace(/\bi'?m\b/g, 'i am')
    .replace(/\bcannot\b/g, 'can not')
    .replace(/\b(\w+)'s\b/g, '$1 is')
    .replace(/\b(recieved|recived)\b/g, 'received')
    .replace(/\bstil\b/g, 'still')
    .replace(/\bteh\b/g, 'the')
    .replace(/\b(thnaks|thanx|thankyou|ty)\b/g, 'thanks');
}

function isShouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length >= 8 && letters === letters.toUpperCase();
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
