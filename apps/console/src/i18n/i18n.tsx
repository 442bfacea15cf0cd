// The console's language: Chinese or English, the browser's by default, switchable and
// remembered. `t` looks a key up in the active language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { interpolate, pickLanguage, type Language } from './define';
import { formatDuration, formatNumber, formatPercent, formatTime } from './format';
import { dictionaries, type MessageKey } from './messages';

const STORAGE_KEY = 'tandem.console.language';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  duration(seconds: number | null | undefined): string;
  time(iso: string | null | undefined): string;
  number(value: number | null | undefined, options?: Intl.NumberFormatOptions): string;
  percent(ratio: number | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() =>
    pickLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages ?? [navigator.language]),
  );
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[language];
    return {
      language,
      setLanguage,
      t: (key, params) => interpolate(dictionary[key] ?? key, params),
      duration: (seconds) => formatDuration(seconds, language),
      time: (iso) => formatTime(iso, language),
      number: (value, options) => formatNumber(value, language, options),
      percent: (ratio) => formatPercent(ratio, language),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
