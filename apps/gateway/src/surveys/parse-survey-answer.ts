export type SurveyKind = 'csat' | 'nps';

/** The scale of each survey: CSAT 1–5 (5 = very satisfied), NPS 0–10 (10 = very likely). */
export const SURVEY_SCALE: Record<SurveyKind, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

export interface SurveyAnswerText {
  score: number;
  /** The text after the number, without leading punctuation; null when there is none. */
  comment: string | null;
}

export const SURVEY_COMMENT_LIMIT = 2_000;

/** Cheap first look, before any lookup: does the text start with a digit (ASCII or full-width)? */
export function startsWithDigit(text: string): boolean {
  return /^\s*[0-9０-９]/u.test(text);
}

/**
 * Units that make a leading number a rating ("5分", "4 stars"): dropped from the comment.
 * Longest first, so "颗星" wins over "星".
 */
const RATING_UNIT = /^\s*(?:颗星|分(?!钟)|星|(?:stars?|points?|pts)(?![A-Za-z]))/iu;

/**
 * Words that make a leading number a quantity, a time or a date, not a rating: "5个订单没到",
 * "3天了", "5点再说", "2 days ago", "5 items missing".
 */
const QUANTITY =
  /^\s*(?:分钟|小时|个|件|天|号|元|块|月|日|年|点|次|单|岁|周|张|台|位|份|箱|包|瓶|盒|斤|公斤|米|(?:days?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|items?|orders?|times?|am|pm|o'?clock)(?![A-Za-z]))/iu;

/**
 * Reads a survey answer from a customer's text message: a leading whole number in the
 * survey's scale ("5", "５", "5 很好", "4 - ok", "5分", "4/5 good"), the rest being the
 * comment. Anything else is not an answer (null), and the message is a normal message:
 * a number out of range ("10" to a CSAT), a decimal, a time, a quantity ("5个订单"), a
 * number glued to letters ("5G"), or a number that does not lead ("I'd give 4").
 */
export function parseSurveyAnswer(text: string, kind: SurveyKind): SurveyAnswerText | null {
  const original = text.trim();
  // One UTF-16 unit for one: offsets into `ascii` are offsets into `original`.
  const ascii = original
    .replace(/[０-９]/gu, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/／/gu, '/');
  const match = /^(\d+)(?:\s*\/\s*(\d+))?/u.exec(ascii);
  if (!match) return null;
  const digits = match[1]!;
  if (digits.length > 2 || (digits.length > 1 && digits.startsWith('0'))) return null;
  const scale = SURVEY_SCALE[kind];
  const score = Number(digits);
  if (score < scale.min || score > scale.max) return null;
  // "4/5": out of the survey's own maximum only.
  if (match[2] !== undefined && Number(match[2]) !== scale.max) return null;
  let after = ascii.slice(match[0].length);
  if (/^\s*[.,:．，：]\s*\d/u.test(after) || /^\s*[%％]/u.test(after)) return null;
  if (QUANTITY.test(after)) return null;
  const unit = RATING_UNIT.exec(after);
  if (unit) after = after.slice(unit[0].length);
  else if (/^[A-Za-z]/u.test(after)) return null;
  const comment = Array.from(
    original
      .slice(original.length - after.length)
      .replace(/^[\s\p{P}]+/u, '')
      .trim(),
  )
    .slice(0, SURVEY_COMMENT_LIMIT)
    .join('');
  return { score, comment: comment.length > 0 ? comment : null };
}
