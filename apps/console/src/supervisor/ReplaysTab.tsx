// Policy replays (the router's POST/GET /v1/replays): past replays with their status and
// results, a form to start one, and one replay's results, polled until it is done.
import { useRef, useState } from 'react';
import { href, navigate } from '../app/router';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading } from '../ui/ui';
import { ReplayForm } from './ReplayForm';
import { changedCount, isMoving } from './replay-model';
import { ReplayResults } from './ReplayResults';
import { STATUS_TONE } from './replay-status';
import type { ReplayJob, ReplayReport, ReplaySummary } from './types';

const POLL_MS = 2000;

export function ReplaysTab({ selected }: { selected: string | null }) {
  const { t, time, number } = useI18n();
  const api = useApi();
  // A finished replay's report never changes: read once, kept here.
  const reports = useRef(new Map<string, ReplayReport>());
  const [polling, setPolling] = useState(false);
  const pollMs = polling ? POLL_MS : undefined;
  const list = useResource(
    async (signal) => {
      const { replays } = await api.get<{ replays: ReplaySummary[] }>(
        'router',
        '/v1/replays',
        undefined,
        signal,
      );
      await Promise.all(
        replays
          .filter((replay) => replay.status === 'done' && !reports.current.has(replay.id))
          .map((replay) =>
            api
              .get<ReplayJob>(
                'router',
                `/v1/replays/${encodeURIComponent(replay.id)}`,
                undefined,
                signal,
              )
              .then((job) => {
                if (job.report) reports.current.set(job.id, job.report);
              }),
          ),
      );
      return replays.map((replay) => ({
        ...replay,
        report: reports.current.get(replay.id) ?? null,
      }));
    },
    [],
    // While a replay is queued or running, the list is read again every 2 s.
    { refreshMs: pollMs },
  );
  const moving = list.data?.some((replay) => isMoving(replay.status)) ?? false;
  if (moving !== polling) setPolling(moving);

  return (
    <div className="replays">
      <ReplayForm
        onStarted={(job) => {
          list.reload();
          navigate('supervisor', 'replays', job.id);
        }}
      />
      <section className="card" aria-labelledby="sup-replays">
        <h2 id="sup-replays">{t('supervisor.replay.past')}</h2>
        {list.error && <ErrorNote error={list.error} onRetry={list.reload} />}
        {!list.data ? (
          !list.error && <Loading />
        ) : list.data.length === 0 ? (
          <Empty>{t('supervisor.replay.empty')}</Empty>
        ) : (
          <div className="table-scroll">
            <table className="dense">
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.replay.created')}</th>
                  <th scope="col">{t('supervisor.replay.policy')}</th>
                  <th scope="col">{t('supervisor.replay.status')}</th>
                  <th scope="col" className="number">
                    {t('supervisor.replay.conversations')}
                  </th>
                  <th scope="col" className="number">
                    {t('supervisor.replay.changed')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('supervisor.replay.view')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((replay) => (
                  <tr
                    key={replay.id}
                    data-replay={replay.id}
                    aria-current={replay.id === selected ? 'true' : undefined}
                  >
                    <th scope="row">{time(replay.createdAt)}</th>
                    <td>
                      {replay.policyVersion === 0
                        ? t('supervisor.replay.draftPolicy')
                        : t('supervisor.replay.versionN', { version: replay.policyVersion })}
                    </td>
                    <td>
                      <Badge tone={STATUS_TONE[replay.status]}>
                        {t(`supervisor.replay.status.${replay.status}`)}
                      </Badge>
                      {isMoving(replay.status) && replay.progress.total > 0 && (
                        <span className="muted small">
                          {' '}
                          {t('supervisor.replay.progressOf', {
                            read: number(replay.progress.read),
                            total: number(replay.progress.total),
                          })}
                        </span>
                      )}
                    </td>
                    <td className="number">
                      {replay.report ? number(replay.report.conversations) : '—'}
                    </td>
                    <td className="number">
                      {replay.report ? number(changedCount(replay.report)) : '—'}
                    </td>
                    <td>
                      <a
                        href={href('supervisor', 'replays', replay.id)}
                        aria-label={t('supervisor.replay.viewOf', { time: time(replay.createdAt) })}
                      >
                        {t('supervisor.replay.view')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {selected && <ReplayResults id={selected} onDone={list.reload} />}
    </div>
  );
}
