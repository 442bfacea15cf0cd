export type Language = 'zh' | 'en' | 'other';

/** Chinese when Han characters dominate (each counts double against Latin letters). */
export function detectLanguage(text: string): Language {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  if (han === 0 && latin === 0) return 'other';
  return han * 2 >= latin ? 'zh' : 'en';
}
