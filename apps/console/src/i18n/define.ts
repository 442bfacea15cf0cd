/** One area's UI text: English, and Chinese with exactly the same keys (the compiler checks). */
export interface Messages<K extends string> {
  en: Record<K, string>;
  zh: Record<K, string>;
}

export function defineMessages<K extends string>(
  en: Record<K, string>,
  zh: Record<NoInfer<K>, string>,
): Messages<K> {
  return { en, zh };
}

/** `{name}` placeholders, filled from params; a missing one is left visible. */
export function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Language = 'en' | 'zh';

/** The browser's preferred language decides, unless the person chose one. */
export function pickLanguage(chosen: string | null, preferred: readonly string[]): Language {
  if (chosen === 'en' || chosen === 'zh') return chosen;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
