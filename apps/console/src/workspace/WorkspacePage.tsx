import type { Route } from '../app/router';
import { useI18n } from '../i18n/i18n';

export function WorkspacePage({ route: _route }: { route: Route }) {
  const { t } = useI18n();
  return <h1>{t('workspace.title')}</h1>;
}
