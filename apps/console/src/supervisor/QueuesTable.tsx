// Queues: waiting, the longest wait (ticking) and the SLA state against the queue's target.
// GET /v1/queues gives the figures; each `queue` socket event replaces a queue's waiting
// figures, and the at-risk counts are read again a moment later.
import { useEffect, useRef, useState } from 'react';
import { useDeskEvent } from '../app/desk-socket';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading, type Tone } from '../ui/ui';
import {
  applyQueueEvent,
  longestWaitNow,
  queueRows,
  slaState,
  type QueueEvent,
  type QueueRow,
  type SlaState,
} from './live-model';
import type { QueueView } from './types';
import { useNow } from './useNow';

const TONE: Record<SlaState, Tone> = { ok: 'good', risk: 'warn', breached: 'bad', idle: 'neutral' };

export function QueuesTable() {
  const { t, duration, number } = useI18n();
  const api = useApi();
  const now = useNow();
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const queues = useResource(
    (signal) =>
      api.get<{ queues: QueueView[] }>('desk', '/v1/queues', undefined, signal).then((body) => {
        if (!signal.aborted) setRows(queueRows(body.queues, Date.now()));
        return body.queues;
      }),
    [],
    { refreshMs: 15_000 },
  );
  const later = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDeskEvent('queue', (payload) => {
    setRows((current) => applyQueueEvent(current ?? [], payload as unknown as QueueEvent));
    if (!later.current)
      later.current = setTimeout(() => {
        later.current = null;
        queues.reload();
      }, 2000);
  });
  useEffect(
    () => () => {
      if (later.current) clearTimeout(later.current);
    },
    [],
  );

  return (
    <section className="card live-section live-queues" aria-labelledby="sup-queues">
      <h2 id="sup-queues">{t('supervisor.live.queues')}</h2>
      {queues.error && <ErrorNote error={queues.error} onRetry={queues.reload} />}
      {!rows ? (
        !queues.error && <Loading />
      ) : rows.length === 0 ? (
        <Empty>{t('supervisor.live.noQueues')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.queue.name')}</th>
                <th scope="col" className="number">
                  {t('supervisor.queue.waiting')}
                </th>
                <th scope="col" className="number">
                  {t('supervisor.queue.longestWait')}
                </th>
                <th scope="col" className="number">
                  {t('supervisor.queue.target')}
                </th>
                <th scope="col">{t('supervisor.queue.slaRisk')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const wait = longestWaitNow(row, now);
                const state = slaState(wait, row.slaSeconds);
                return (
                  <tr key={row.name} data-queue={row.name} data-sla={state}>
                    <th scope="row">
                      {row.name}
                      {!row.open && (
                        <>
                          {' '}
                          <Badge>{t('supervisor.queue.closed')}</Badge>
                        </>
                      )}
                    </th>
                    <td className="number">{number(row.waiting)}</td>
                    <td className={`number wait wait-${state}`}>
                      {wait === null ? '—' : duration(wait)}
                    </td>
                    <td className="number">{duration(row.slaSeconds)}</td>
                    <td>
                      <Badge tone={TONE[state]}>{t(`supervisor.sla.${state}`)}</Badge>
                      {row.slaAtRisk !== null && row.slaAtRisk > 0 && (
                        <span className="muted small">
                          {' '}
                          {t('supervisor.queue.counts', {
                            risk: row.slaAtRisk,
                            breached: row.slaBreached ?? 0,
                          })}
                        </span>
                      )}
                    </td>
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
