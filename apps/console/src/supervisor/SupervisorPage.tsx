// The supervisor view: live queues, agents and conversations; KPIs; the AI review queue;
// policy replays. The hash route's second segment picks the tab (#/supervisor/kpis).
import { navigate, type Route } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Tabs } from '../ui/ui';
import { KpisTab } from './KpisTab';
import { LiveTab } from './LiveTab';
import { ReplaysTab } from './ReplaysTab';
import { ReviewsTab } from './ReviewsTab';
import './supervisor.css';

const TABS = ['live', 'kpis', 'reviews', 'replays'] as const;
type TabId = (typeof TABS)[number];

export function SupervisorPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const requested = route.segments[1] ?? 'live';
  const active: TabId = (TABS as readonly string[]).includes(requested)
    ? (requested as TabId)
    : 'live';
  return (
    <div className="supervisor">
      <h1 className="visually-hidden">{t('supervisor.title')}</h1>
      <Tabs
        label={t('supervisor.tabs')}
        active={active}
        tabs={TABS.map((id) => ({ id, label: t(`supervisor.tab.${id}`) }))}
        onChange={(id) => (id === 'live' ? navigate('supervisor') : navigate('supervisor', id))}
      />
      <div role="tabpanel" aria-labelledby={`tab-${active}`} className="supervisor-panel">
        {active === 'live' && <LiveTab />}
        {active === 'kpis' && <KpisTab />}
        {active === 'reviews' && <ReviewsTab />}
        {active === 'replays' && <ReplaysTab selected={route.segments[2] ?? null} />}
      </div>
    </div>
  );
}
