// A line chart over days, drawn as plain SVG: title and description for assistive
// technology, axes with labels, a gap where a day has no data, and the numbers as a table
// (visually hidden until asked for).
import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { ChartData } from './ChartData';
import {
  fixedTicks,
  isolatedPoints,
  labelIndexes,
  linearScale,
  linePath,
  niceTicks,
  timeTicks,
} from './chart';

export interface LineSeries {
  id: string;
  label: string;
  values: (number | null)[];
}

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 46, left: 72 };
const STYLES = [
  { color: '#1f5fbf', dash: undefined },
  { color: '#1d7a46', dash: '6 4' },
  { color: '#8a5a00', dash: '2 3' },
];

export function LineChart({
  title,
  description,
  days,
  series,
  domain,
  format,
  yLabel,
  kpi,
  durations = false,
}: {
  title: string;
  description: string;
  days: string[];
  series: LineSeries[];
  /** A fixed y domain (rates, scores); otherwise from the data, from 0. */
  domain?: [number, number];
  /** The values are durations in seconds: ticks on clock steps. */
  durations?: boolean;
  format: (value: number) => string;
  yLabel: string;
  /** A `data-chart` name for tests. */
  kpi: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const values = series.flatMap((line) => line.values).filter((v): v is number => v !== null);
  const scaleY = domain
    ? { domain, ticks: fixedTicks(domain) }
    : durations
      ? timeTicks(values.length ? Math.max(...values) : 0)
      : niceTicks(0, values.length ? Math.max(...values) : 0);
  const x = linearScale(
    [0, Math.max(1, days.length - 1)],
    days.length === 1
      ? [(MARGIN.left + WIDTH - MARGIN.right) / 2, (MARGIN.left + WIDTH - MARGIN.right) / 2]
      : [MARGIN.left, WIDTH - MARGIN.right],
  );
  const y = linearScale(scaleY.domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const labelled = labelIndexes(days.length, 6);

  return (
    <figure className="chart card" data-chart={kpi}>
      <figcaption className="chart-head">
        <h3 id={`${id}-h`}>{title}</h3>
        <ul className="legend">
          {series.map((line, index) => (
            <li key={line.id}>
              <svg width="24" height="10" aria-hidden="true">
                <line
                  x1="0"
                  x2="24"
                  y1="5"
                  y2="5"
                  stroke={STYLES[index % STYLES.length]!.color}
                  strokeWidth="2.5"
                  strokeDasharray={STYLES[index % STYLES.length]!.dash}
                />
              </svg>
              {line.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {scaleY.ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {labelled.map((index) => (
          <text
            key={days[index]}
            className="tick-label"
            x={x(index)}
            y={HEIGHT - MARGIN.bottom + 20}
            textAnchor="middle"
          >
            {days[index]!.slice(5)}
          </text>
        ))}
        <line
          className="axis"
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
        />
        <text
          className="axis-label"
          x={(MARGIN.left + WIDTH - MARGIN.right) / 2}
          y={HEIGHT - 4}
          textAnchor="middle"
        >
          {t('supervisor.axis.day')}
        </text>
        <text
          className="axis-label"
          transform={`translate(14 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
        {series.map((line, index) => {
          const style = STYLES[index % STYLES.length]!;
          const points = line.values.map((value, day) => ({
            x: x(day),
            y: value === null ? null : y(value),
          }));
          return (
            <g key={line.id}>
              <path
                d={linePath(points)}
                fill="none"
                stroke={style.color}
                strokeWidth="2.5"
                strokeDasharray={style.dash}
                strokeLinejoin="round"
              />
              {isolatedPoints(points).map((point) => (
                <circle key={point.x} cx={point.x} cy={point.y!} r="3.5" fill={style.color} />
              ))}
            </g>
          );
        })}
        {values.length === 0 && (
          <text
            className="no-data"
            x={(MARGIN.left + WIDTH - MARGIN.right) / 2}
            y={HEIGHT / 2 - 10}
            textAnchor="middle"
          >
            {t('supervisor.chart.noData')}
          </text>
        )}
      </svg>
      <ChartData title={title}>
        <thead>
          <tr>
            <th scope="col">{t('supervisor.axis.day')}</th>
            {series.map((line) => (
              <th scope="col" key={line.id} className="number">
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, index) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {series.map((line) => {
                const value = line.values[index];
                return (
                  <td key={line.id} className="number">
                    {value === null || value === undefined ? '—' : format(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </ChartData>
    </figure>
  );
}
