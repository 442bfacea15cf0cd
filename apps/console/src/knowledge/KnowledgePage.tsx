// The knowledge area: articles (list and editor), the review queue of learned drafts,
// content gaps and the bot's playground, as tabs named by the hash route's second segment.
import type { Route } from '../app/router';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Tabs } from '../ui/ui';
import { ArticleEditor } from './ArticleEditor';
import { ArticlesList } from './ArticlesList';
import { DraftsQueue } from './DraftsQueue';
import { GapsList } from './GapsList';
import { Playground } from './Playground';
import './knowledge.css';

const TABS = ['articles', 'drafts', 'gaps', 'playground'] as const;
type Tab = (typeof TABS)[number];

export function KnowledgePage({ route }: { route: Route }) {
  const { t } = useI18n();
  const second = route.segments[1] ?? 'articles';
  const tab: Tab = (TABS as readonly string[]).includes(second) ? (second as Tab) : 'articles';
  const articleId = tab === 'articles' ? route.segments[2] : undefined;

  return (
    <div className="knowledge">
      <h1 className="visually-hidden">{t('knowledge.title')}</h1>
      <Tabs
        label={t('knowledge.tabs')}
        active={tab}
        onChange={(id) => navigate('knowledge', id)}
        tabs={TABS.map((id) => ({ id, label: t(`knowledge.tab.${id}`) }))}
      />
      <section role="tabpanel" aria-labelledby={`tab-${tab}`} className="knowledge-panel">
        {tab === 'articles' &&
          (articleId ? (
            <ArticleEditor key={articleId} id={articleId} query={route.query} />
          ) : (
            <ArticlesList />
          ))}
        {tab === 'drafts' && <DraftsQueue />}
        {tab === 'gaps' && <GapsList />}
        {tab === 'playground' && <Playground />}
      </section>
    </div>
  );
}
