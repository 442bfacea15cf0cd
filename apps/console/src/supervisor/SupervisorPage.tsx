import type { Route } from '../app/router';
import { useI18n } from '../i18n/i18n';

export function SupervisorPage({ route: _route }: { route: Route }) {
  const { t } = useI18n();
  return <h1>{t('supervisor.title')}</h1>;
}
