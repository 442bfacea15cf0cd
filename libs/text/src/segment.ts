const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string): Intl.Segmenter {
  let found = segmenters.get(locale);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, found);
  }
  return found;
}

/** Word-like tokens, lower-cased; Chinese is split into words by ICU's dictionary. */
export function words(text: string): string[] {
  const tokens: string[] = [];
  for (const part of segmenter('zh').segment(text.normalize('NFKC'))) {
    if (part.isWordLike) tokens.push(part.segment.toLowerCase());
  }
  return tokens;
}
