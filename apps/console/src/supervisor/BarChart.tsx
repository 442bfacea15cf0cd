// Horizontal bars (escalations by reason), plain SVG with a title, a description, an axis
// and the numbers as a table (visually hidden until asked for).
import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { ChartData } from './ChartData';
import { bands, linearScale, niceTicks } from './chart';

const WIDTH = 560;
const LEFT = 170;
const RIGHT = 40;
const TOP = 26;
const BAR_STEP = 30;
const BOTTOM = 42;

export function BarChart({
  title,
  description,
  bars,
  xLabel,
  yLabel,
  kpi,
}: {
  title: string;
  description: string;
  bars: { id: string; label: string; value: number }[];
  xLabel: string;
  yLabel: string;
  kpi: string;
}) {
  const { t, number } = useI18n();
  const id = useId();
  const height = TOP + Math.max(1, bars.length) * BAR_STEP + BOTTOM;
  const { ticks, domain } = niceTicks(0, Math.max(0, ...bars.map((bar) => bar.value)), 4);
  const x = linearScale(domain, [LEFT, WIDTH - RIGHT]);
  const rows = bands(bars.length, [TOP, TOP + bars.length * BAR_STEP], 0.3);
  const integerTicks = ticks.filter((tick) => Number.isInteger(tick));

  return (
    <figure className="chart card" data-chart={kpi}>
      <figcaption className="chart-head">
        <h3>{title}</h3>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {integerTicks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={x(tick)} x2={x(tick)} y1={TOP} y2={height - BOTTOM} />
            <text x={x(tick)} y={height - BOTTOM + 16} textAnchor="middle">
              {number(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const band = rows[index]!;
          return (
            <g key={bar.id}>
              <text className="bar-label" x={LEFT - 8} y={band.center} dy="0.32em" textAnchor="end">
                {bar.label}
              </text>
              <rect
                x={LEFT}
                y={band.start}
                width={Math.max(1, x(bar.value) - LEFT)}
                height={band.width}
                rx="3"
                className="bar"
              />
              <text className="bar-value" x={x(bar.value) + 6} y={band.center} dy="0.32em">
                {number(bar.value)}
              </text>
            </g>
          );
        })}
        {bars.length === 0 && (
          <text
            className="no-data"
            x={(LEFT + WIDTH - RIGHT) / 2}
            y={TOP + BAR_STEP / 2}
            dy="0.32em"
            textAnchor="middle"
          >
            {t('supervisor.chart.noData')}
          </text>
        )}
        <line className="axis" x1={LEFT} x2={LEFT} y1={TOP} y2={height - BOTTOM} />
        <text
          className="axis-label"
          x={(LEFT + WIDTH - RIGHT) / 2}
          y={height - 4}
          textAnchor="middle"
        >
          {xLabel}
        </text>
        <text className="axis-label" x={LEFT - 8} y={14} textAnchor="end">
          {yLabel}
        </text>
      </svg>
      <ChartData title={title}>
        <thead>
          <tr>
            <th scope="col">{yLabel}</th>
            <th scope="col" className="number">
              {xLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.id}>
              <th scope="row">{bar.label}</th>
              <td className="number">{number(bar.value)}</td>
            </tr>
          ))}
        </tbody>
      </ChartData>
    </figure>
  );
}
