import type { Language } from './define';

const locales: Record<Language, string> = { en: 'en-GB', zh: 'zh-CN' };

/** 42 s, 3 min 5 s, 1 h 2 min (zh: 42 秒, 3 分 5 秒). */
export function formatDuration(seconds: number | null | undefined, language: Language): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit =
    language === 'zh' ? { h: ' 小时', m: ' 分', s: ' 秒' } : { h: ' h', m: ' min', s: ' s' };
  if (h > 0) return `${h}${unit.h} ${m}${unit.m}`;
  if (m > 0) return s ? `${m}${unit.m} ${s}${unit.s}` : `${m}${unit.m}`;
  return `${s}${unit.s}`;
}

export function formatTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const sameDay = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(locales[language], {
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatNumber(
  value: number | null | undefined,
  language: Language,
  options: Intl.NumberFormatOptions = {},
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locales[language], options).format(value);
}

/** A 0–1 ratio as a percentage. */
export function formatPercent(ratio: number | null | undefined, language: Language): string {
  return formatNumber(ratio, language, { style: 'percent', maximumFractionDigits: 1 });
}

/** Seconds since an ISO time (never negative). */
export function secondsSince(iso: string | null | undefined, now = Date.now()): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, (now - at) / 1000);
}
