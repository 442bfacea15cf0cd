// One replay's results: polled every 2 s until done or failed, then the report — figures,
// escalations per reason in the log and under the candidate, and the changed conversations.
import { useEffect, useEffectEvent, useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote, Loading } from '../ui/ui';
import { reasonLabel } from './labels';
import { changedCount, isMoving, reasonComparison } from './replay-model';
import { STATUS_TONE } from './replay-status';
import type { EscalationPoint, ReplayJob, ReplayReport } from './types';

const POLL_MS = 2000;
const EXAMPLES_SHOWN = 20;

export function ReplayResults({ id, onDone }: { id: string; onDone: () => void }) {
  const { t, time, number } = useI18n();
  const api = useApi();
  const [polling, setPolling] = useState(true);
  const job = useResource(
    (signal) =>
      api.get<ReplayJob>('router', `/v1/replays/${encodeURIComponent(id)}`, undefined, signal),
    [id],
    { refreshMs: polling ? POLL_MS : undefined },
  );
  const data = job.data?.id === id ? job.data : undefined;
  const moving = data ? isMoving(data.status) : true;
  if (moving !== polling && !(job.error && !data)) setPolling(moving);
  const finished = useEffectEvent(onDone);
  const status = data?.status;
  useEffect(() => {
    if (status === 'done' || status === 'failed') finished();
  }, [status]);

  return (
    <section
      className="card replay-results"
      aria-labelledby="sup-replay-results"
      aria-busy={moving}
    >
      <h2 id="sup-replay-results">
        {t('supervisor.replay.results')}
        {data && (
          <span className="muted small">
            {' '}
            {time(data.createdAt)} ·{' '}
            {data.policyVersion === 0
              ? t('supervisor.replay.draftPolicy')
              : t('supervisor.replay.versionN', { version: data.policyVersion })}
          </span>
        )}
      </h2>
      {job.error && <ErrorNote error={job.error} onRetry={job.reload} />}
      {!data ? (
        !job.error && <Loading />
      ) : (
        <>
          <p role="status">
            <Badge tone={STATUS_TONE[data.status]}>
              {t(`supervisor.replay.status.${data.status}`)}
            </Badge>{' '}
            {isMoving(data.status) && (
              <>
                <span className="muted small">
                  {t('supervisor.replay.progressOf', {
                    read: number(data.progress.read),
                    total: number(data.progress.total),
                  })}
                </span>{' '}
                <progress
                  max={Math.max(1, data.progress.total)}
                  value={data.progress.read}
                  aria-label={t('supervisor.replay.progress')}
                />
                <span className="muted small"> {t('supervisor.replay.polling')}</span>
              </>
            )}
          </p>
          {data.status === 'failed' && (
            <p className="note note-error">
              {t('supervisor.replay.failed', { error: data.error ?? '' })}
            </p>
          )}
          {data.report && <Report report={data.report} />}
        </>
      )}
    </section>
  );
}

function Report({ report }: { report: ReplayReport }) {
  const { t, number, percent } = useI18n();
  const comparison = reasonComparison(report);
  const examples = report.changed.examples.slice(0, EXAMPLES_SHOWN);
  const figures: { label: string; value: string; name: string }[] = [
    {
      name: 'conversations',
      label: t('supervisor.replay.conversations'),
      value: number(report.conversations),
    },
    { name: 'changed', label: t('supervisor.replay.changed'), value: number(changedCount(report)) },
    {
      name: 'newly',
      label: t('supervisor.replay.newly'),
      value: number(report.changed.newlyEscalated),
    },
    {
      name: 'notEscalated',
      label: t('supervisor.replay.notEscalated'),
      value: number(report.changed.notEscalated),
    },
    {
      name: 'earlier',
      label: t('supervisor.replay.earlier'),
      value: number(report.timing.earlier),
    },
    { name: 'same', label: t('supervisor.replay.same'), value: number(report.timing.same) },
    {
      name: 'meanEarlier',
      label: t('supervisor.replay.meanEarlier'),
      value:
        report.timing.meanTurnsEarlier === null
          ? '—'
          : number(report.timing.meanTurnsEarlier, { maximumFractionDigits: 1 }),
    },
  ];
  return (
    <div className="report">
      <dl className="report-figures">
        {figures.map((figure) => (
          <div key={figure.name}>
            <dt>{figure.label}</dt>
            <dd data-replay-figure={figure.name}>{figure.value}</dd>
          </div>
        ))}
      </dl>
      <div className="report-tables">
        <div className="table-scroll">
          <table className="dense">
            <caption>{t('supervisor.replay.outcomes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.replay.reason')}</th>
                <th scope="col" className="number">
                  {t('supervisor.replay.actual')}
                </th>
                <th scope="col" className="number">
                  {t('supervisor.replay.candidateCol')}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr className="total-row">
                <th scope="row">{t('supervisor.replay.all')}</th>
                <td className="number">
                  {number(report.actual.escalated)} ({percent(report.actual.rate)})
                </td>
                <td className="number">
                  {number(report.candidate.escalated)} ({percent(report.candidate.rate)})
                </td>
              </tr>
              {comparison.map((row) => (
                <tr key={row.reason}>
                  <th scope="row">{reasonLabel(t, row.reason)}</th>
                  <td className="number">{number(row.actual)}</td>
                  <td className={`number${row.candidate !== row.actual ? ' changed' : ''}`}>
                    {number(row.candidate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll">
          {examples.length === 0 ? (
            <p className="empty">{t('supervisor.replay.noChanges')}</p>
          ) : (
            <table className="dense">
              <caption>
                {t('supervisor.replay.examples')}{' '}
                <span className="muted small">
                  {t('supervisor.replay.examplesShown', {
                    shown: examples.length,
                    total: changedCount(report),
                  })}
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.replay.conversation')}</th>
                  <th scope="col">{t('supervisor.replay.actual')}</th>
                  <th scope="col">{t('supervisor.replay.candidateCol')}</th>
                </tr>
              </thead>
              <tbody>
                {examples.map((example) => (
                  <tr key={example.conversationId}>
                    <th scope="row" className="mono">
                      {example.conversationId}
                    </th>
                    <td>
                      <Point point={example.actual} />
                    </td>
                    <td>
                      <Point point={example.candidate} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}

function Point({ point }: { point: EscalationPoint | null }) {
  const { t } = useI18n();
  if (!point) return <span className="muted">{t('supervisor.replay.never')}</span>;
  return (
    <>
      {t('supervisor.replay.turn', {
        turn: point.turn,
        reasons: point.reasons.map((code) => reasonLabel(t, code)).join(', '),
      })}
    </>
  );
}
