// KPIs for a period (today, 7 or 30 UTC days): headline cards and charts over days,
// from GET /v1/kpis (definitions: docs/desk/kpis.md). Refreshes every 30 s and on demand.
import { useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading } from '../ui/ui';
import { BarChart } from './BarChart';
import {
  dailySeries,
  headlines,
  PERIODS,
  periodRange,
  reasonBars,
  type Headline,
  type Period,
} from './kpi-model';
import { LineChart } from './LineChart';
import { reasonLabel } from './labels';
import type { KpiResponse } from './types';

const REFRESH_MS = 30_000;

export function KpisTab() {
  const { t, time } = useI18n();
  const api = useApi();
  const [period, setPeriod] = useState<Period>('today');
  const kpis = useResource(
    async (signal) => {
      const { from, to } = periodRange(period, new Date());
      const [total, byDay] = await Promise.all([
        api.get<KpiResponse>('desk', '/v1/kpis', { from, to, groupBy: 'none' }, signal),
        api.get<KpiResponse>('desk', '/v1/kpis', { from, to, groupBy: 'day' }, signal),
      ]);
      return {
        from,
        to,
        total: total.groups[0],
        byDay: byDay.groups,
        at: new Date().toISOString(),
      };
    },
    [period],
    { refreshMs: REFRESH_MS },
  );
  const data = kpis.data;

  return (
    <div className="kpis" aria-busy={kpis.loading}>
      <div className="toolbar">
        <div role="group" aria-label={t('supervisor.kpi.period')} className="segmented">
          {PERIODS.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={option === period}
              onClick={() => setPeriod(option)}
            >
              {t(`supervisor.period.${option}`)}
            </button>
          ))}
        </div>
        {data && (
          <span className="muted small">
            {t('supervisor.kpi.range', { from: data.from, to: data.to })}
          </span>
        )}
        <span className="toolbar-end muted small" role="status">
          {data && `${t('supervisor.updated', { time: time(data.at) })} · `}
          {t('supervisor.kpi.autoRefresh')}
        </span>
        <button type="button" onClick={kpis.reload} disabled={kpis.loading}>
          {t('common.refresh')}
        </button>
      </div>
      {kpis.error && <ErrorNote error={kpis.error} onRetry={kpis.reload} />}
      {!data ? (
        !kpis.error && <Loading />
      ) : (
        <>
          <section aria-labelledby="sup-headlines">
            <h2 id="sup-headlines" className="visually-hidden">
              {t('supervisor.kpi.headlines')}
            </h2>
            <ul className="kpi-cards">
              {headlines(data.total).map((figure) => (
                <KpiCard key={figure.name} figure={figure} />
              ))}
            </ul>
          </section>
          <KpiCharts from={data.from} to={data.to} byDay={data.byDay} total={data.total} />
        </>
      )}
    </div>
  );
}

function useFigureFormat() {
  const { number, percent, duration } = useI18n();
  return (kind: Headline['kind'], value: number | null): string => {
    if (value === null) return '—';
    switch (kind) {
      case 'count':
        return number(value);
      case 'rate':
        return percent(value);
      case 'seconds':
        return duration(value);
      case 'score':
        return number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      case 'nps':
        return number(value, { maximumFractionDigits: 1 });
    }
  };
}

function KpiCard({ figure }: { figure: Headline }) {
  const { t, number } = useI18n();
  const format = useFigureFormat();
  const labelId = `kpi-label-${figure.name}`;
  return (
    <li className="kpi-card card" aria-labelledby={labelId}>
      <span id={labelId} className="kpi-label">
        {t(`supervisor.kpi.${figure.name}`)}
      </span>
      <strong className="kpi-value" data-kpi={figure.name}>
        {format(figure.kind, figure.value)}
      </strong>
      {figure.basis !== null && (
        <span className="kpi-basis muted">
          {t('supervisor.kpi.basis', { count: number(figure.basis) })}
        </span>
      )}
    </li>
  );
}

function KpiCharts({
  from,
  to,
  byDay,
  total,
}: {
  from: string;
  to: string;
  byDay: KpiResponse['groups'];
  total: KpiResponse['groups'][number] | undefined;
}) {
  const { t, percent, number, duration } = useI18n();
  const rates = dailySeries(byDay, from, to, {
    containment: (g) => g.botContainment.rate,
    sla: (g) => g.sla.rate,
  });
  const csat = dailySeries(byDay, from, to, { csat: (g) => g.csat.average });
  const nps = dailySeries(byDay, from, to, { nps: (g) => g.nps.score });
  const times = dailySeries(byDay, from, to, {
    waitP50: (g) => g.waitSeconds.p50,
    handle: (g) => g.handleSeconds.mean,
  });
  const label = (id: string) =>
    t(`supervisor.series.${id as 'containment' | 'sla' | 'csat' | 'nps' | 'waitP50' | 'handle'}`);
  const named = (series: { id: string; values: (number | null)[] }[]) =>
    series.map((line) => ({ ...line, label: label(line.id) }));
  const describe = (series: { id: string }[]) =>
    t('supervisor.chart.lineDesc', {
      series: series.map((line) => label(line.id)).join(', '),
      from,
      to,
    });

  return (
    <div className="chart-grid">
      <LineChart
        kpi="rates"
        title={t('supervisor.chart.rates')}
        description={describe(rates.series)}
        days={rates.days}
        series={named(rates.series)}
        domain={[0, 1]}
        format={(value) => percent(value)}
        yLabel={t('supervisor.axis.percent')}
      />
      <BarChart
        kpi="reasons"
        title={t('supervisor.chart.reasons')}
        description={t('supervisor.chart.barDesc', { from, to })}
        bars={reasonBars(total).map((bar) => ({
          id: bar.reason,
          label: reasonLabel(t, bar.reason),
          value: bar.count,
        }))}
        xLabel={t('supervisor.axis.count')}
        yLabel={t('supervisor.axis.reason')}
      />
      <LineChart
        kpi="csat"
        title={t('supervisor.chart.csat')}
        description={describe(csat.series)}
        days={csat.days}
        series={named(csat.series)}
        domain={[1, 5]}
        format={(value) => number(value, { maximumFractionDigits: 2 })}
        yLabel={t('supervisor.axis.csat')}
      />
      <LineChart
        kpi="nps"
        title={t('supervisor.chart.nps')}
        description={describe(nps.series)}
        days={nps.days}
        series={named(nps.series)}
        domain={[-100, 100]}
        format={(value) => number(value, { maximumFractionDigits: 1 })}
        yLabel={t('supervisor.axis.nps')}
      />
      <LineChart
        kpi="times"
        title={t('supervisor.chart.times')}
        description={describe(times.series)}
        days={times.days}
        series={named(times.series)}
        durations
        format={(value) => duration(value)}
        yLabel={t('supervisor.axis.time')}
      />
    </div>
  );
}
