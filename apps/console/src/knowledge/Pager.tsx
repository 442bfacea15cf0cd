import { useI18n } from '../i18n/i18n';

export function Pager({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('knowledge.paging')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('knowledge.paging.previous')}
      </button>
      <span aria-live="polite">{t('knowledge.paging.position', { page, pages })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('knowledge.paging.next')}
      </button>
    </nav>
  );
}
