/**
 * Removes personal data from text that is about to become shared knowledge: e-mail
 * addresses, phone numbers, and long numbers (orders, ID cards, bank cards).
 */
const PATTERNS: [RegExp, string][] = [
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, '[email]'],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, '[id number]'],
  [/(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g, '[phone]'],
  [/\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}/g, '[phone]'],
  [/(?<![\w-])\d[\d\s-]{6,}\d(?![\w-])/g, '[number]'],
];

export function scrubPersonalData(text: string): string {
  return PATTERNS.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
}
