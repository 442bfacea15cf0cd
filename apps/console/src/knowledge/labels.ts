// Status and source as badge tones and message keys.
import type { Tone } from '../ui/ui';
import type { ArticleSource, ArticleStatus } from './model';

export const STATUS_TONE: Record<ArticleStatus, Tone> = {
  draft: 'neutral',
  in_review: 'info',
  published: 'good',
  retired: 'warn',
  rejected: 'bad',
};

export function statusKey(status: ArticleStatus) {
  return `knowledge.status.${status}` as const;
}

export function sourceKey(source: ArticleSource) {
  return `knowledge.source.${source}` as const;
}

/** A locale's name when we know it ('zh-CN' → Chinese), else the code itself. */
export function localeKey(locale: string): 'knowledge.locale.en' | 'knowledge.locale.zh' | null {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return base === 'en' ? 'knowledge.locale.en' : base === 'zh' ? 'knowledge.locale.zh' : null;
}
