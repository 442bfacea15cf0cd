import { words, type Language } from '@tandem/text';

/**
 * The baselines the new analyzer is measured against, kept here unchanged so the bench can
 * run them side by side: the bot's scorer as it was on main before the analysis issue
 * (commit e090175, apps/bot/src/analysis/analyze-message.ts), and a naive rule that calls a
 * message negative when any word of that scorer's negative lexicons occurs in it.
 */
const NEGATIVE_ZH = [
  '差',
  '慢',
  '生气',
  '投诉',
  '垃圾',
  '失望',
  '骗',
  '没到账',
  '差评',
  '烂',
  '气死',
  '恶心',
  '坑',
  '退款',
  '糟糕',
  '无语',
  '离谱',
  '着急',
  '急',
];
const POSITIVE_ZH = ['谢谢', '感谢', '满意', '好评', '不错', '棒', '太好了', '解决了'];
const NEGATIVE_EN = [
  'angry',
  'terrible',
  'awful',
  'worst',
  'useless',
  'ridiculous',
  'disappointed',
  'hate',
  'scam',
  'horrible',
  'unacceptable',
  'furious',
  'annoyed',
  'frustrated',
  'bad',
  'broken',
  'complaint',
  'stupid',
  'never',
];
const POSITIVE_EN = [
  'thanks',
  'thank',
  'great',
  'perfect',
  'love',
  'excellent',
  'awesome',
  'helpful',
  'good',
  'resolved',
];
const NEGATORS_ZH = ['不', '没', '别', '没有', '不是'];
const NEGATORS_EN = ['not', 'no', "don't", 'dont', "isn't", "wasn't", "didn't", 'never'];
const INTENSIFIERS_ZH = ['很', '太', '非常', '特别', '超', '极', '真'];
const INTENSIFIERS_EN = ['very', 'so', 'extremely', 'really', 'totally', 'absolutely'];

/** main's `scoreSentiment`: true when it called the message negative. */
export function mainScorerSaysNegative(text: string, language: Language): boolean {
  let total = 0;
  if (language === 'zh') {
    const scan = (lexicon: string[], sign: number) => {
      for (const word of lexicon) {
        let from = 0;
        for (;;) {
          const at = text.indexOf(word, from);
          if (at < 0) break;
          const before = text.slice(Math.max(0, at - 2), at);
          const negated =
            NEGATORS_ZH.some((negator) => before.endsWith(negator)) &&
            !(sign > 0 && word === '不错');
          const intensified = INTENSIFIERS_ZH.some((intensifier) => before.includes(intensifier));
          total += (negated ? -sign * 0.6 : sign) * (intensified ? 1.5 : 1);
          from = at + word.length;
        }
      }
    };
    scan(NEGATIVE_ZH, -1);
    scan(POSITIVE_ZH, 1);
  } else {
    const tokens = words(text);
    tokens.forEach((token, index) => {
      const sign = NEGATIVE_EN.includes(token) ? -1 : POSITIVE_EN.includes(token) ? 1 : 0;
      if (sign === 0) return;
      const window = tokens.slice(Math.max(0, index - 3), index);
      const negated = window.some((word) => NEGATORS_EN.includes(word)) && token !== 'never';
      const intensified = window.some((word) => INTENSIFIERS_EN.includes(word));
      total += (negated ? -sign * 0.6 : sign) * (intensified ? 1.5 : 1);
    });
  }
  return Math.max(-1, Math.min(1, total / 2)) <= -0.25;
}

/** Negative when any negative word of main's lexicons occurs, whatever surrounds it. */
export function anyNegativeWord(text: string, language: Language): boolean {
  if (language === 'zh') return NEGATIVE_ZH.some((word) => text.includes(word));
  return words(text).some((word) => NEGATIVE_EN.includes(word));
}
