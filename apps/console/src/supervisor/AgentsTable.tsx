// Agents: presence (and the busy state), load per media against capacity.
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading, type Tone } from '../ui/ui';
import { loadCells } from './live-model';
import type { DeskAgent, Presence } from './types';

const PRESENCE_TONE: Record<Presence, Tone> = {
  online: 'good',
  busy: 'warn',
  away: 'info',
  offline: 'neutral',
};

export function AgentsTable({
  agents,
  error,
  onRetry,
}: {
  agents: DeskAgent[] | undefined;
  error: Error | null;
  onRetry: () => void;
}) {
  const { t, time } = useI18n();
  return (
    <section className="card live-section live-agents" aria-labelledby="sup-agents">
      <h2 id="sup-agents">{t('supervisor.live.agents')}</h2>
      {error && <ErrorNote error={error} onRetry={onRetry} />}
      {!agents ? (
        !error && <Loading />
      ) : agents.length === 0 ? (
        <Empty>{t('supervisor.live.noAgents')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.agent.name')}</th>
                <th scope="col">{t('supervisor.agent.state')}</th>
                <th scope="col">{t('supervisor.agent.load')}</th>
                <th scope="col">{t('supervisor.agent.since')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => {
                const cells = loadCells(agent);
                return (
                  <tr key={agent.id} data-agent={agent.email}>
                    <th scope="row">{agent.name}</th>
                    <td>
                      <Badge tone={PRESENCE_TONE[agent.presence]}>
                        {t(`supervisor.presence.${agent.presence}`)}
                      </Badge>
                      {agent.presence === 'busy' && agent.busyState && (
                        <span className="muted small"> {agent.busyState}</span>
                      )}
                    </td>
                    <td>
                      {cells.length === 0 ? (
                        <span className="muted">{t('supervisor.agent.noCapacity')}</span>
                      ) : (
                        <ul className="load-list">
                          {cells.map((cell) => (
                            <li key={cell.media}>
                              <span>
                                {t('supervisor.agent.loadOf', {
                                  media: t(`supervisor.media.${cell.media}`),
                                  load: cell.load,
                                  capacity: cell.capacity,
                                })}
                              </span>
                              <span
                                className={`meter${cell.ratio !== null && cell.ratio >= 1 ? ' meter-full' : ''}`}
                                aria-hidden="true"
                              >
                                <span style={{ width: `${Math.min(1, cell.ratio ?? 1) * 100}%` }} />
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="muted">{time(agent.presenceAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
