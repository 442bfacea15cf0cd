import type { Route } from '../app/router';
import { useI18n } from '../i18n/i18n';

export function KnowledgePage({ route: _route }: { route: Route }) {
  const { t } = useI18n();
  return <h1>{t('knowledge.title')}</h1>;
}
