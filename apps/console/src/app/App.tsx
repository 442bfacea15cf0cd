// The console's frame: sign-in, the top bar (areas by role, language, sign out), the live
// connection's state, and the area the hash route names.
import { KnowledgePage } from '../knowledge/KnowledgePage';
import { useI18n } from '../i18n/i18n';
import { SupervisorPage } from '../supervisor/SupervisorPage';
import { WorkspacePage } from '../workspace/WorkspacePage';
import { DeskSocketProvider, useDeskSocket } from './desk-socket';
import { LanguageSwitch } from './LanguageSwitch';
import { Login } from './Login';
import { href, useRoute } from './router';
import { atLeast, useSession, type Role } from './session';

const AREAS: {
  id: string;
  role: Role;
  label: 'nav.workspace' | 'nav.supervisor' | 'nav.knowledge';
}[] = [
  { id: 'workspace', role: 'agent', label: 'nav.workspace' },
  { id: 'supervisor', role: 'supervisor', label: 'nav.supervisor' },
  { id: 'knowledge', role: 'supervisor', label: 'nav.knowledge' },
];

export function App() {
  const { session } = useSession();
  if (!session) return <Login />;
  return (
    <DeskSocketProvider>
      <Shell />
    </DeskSocketProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const { session, logout } = useSession();
  const route = useRoute();
  const agent = session!.agent;
  const area = route.segments[0] ?? 'workspace';
  const allowed = AREAS.filter((candidate) => atLeast(agent, candidate.role));
  const current = AREAS.find((candidate) => candidate.id === area);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {allowed.map((item) => (
              <li key={item.id}>
                <a href={href(item.id)} aria-current={item.id === area ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ConnectionBadge />
        <span className="who" title={agent.email}>
          {agent.name}
        </span>
        <LanguageSwitch />
        <button type="button" className="button-quiet" onClick={logout}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {!current ? (
          <p className="page-note">{t('notFound.title')}</p>
        ) : !atLeast(agent, current.role) ? (
          <p className="page-note">{t('forbidden.title')}</p>
        ) : area === 'workspace' ? (
          <WorkspacePage route={route} />
        ) : area === 'supervisor' ? (
          <SupervisorPage route={route} />
        ) : (
          <KnowledgePage route={route} />
        )}
      </main>
    </>
  );
}

function ConnectionBadge() {
  const { t } = useI18n();
  const { state } = useDeskSocket();
  if (state === 'connected') return null;
  return (
    <span className={`connection connection-${state}`} role="status">
      {t(`socket.${state}`)}
    </span>
  );
}
