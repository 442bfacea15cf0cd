// Chart geometry without a library: linear scales, readable ticks, line paths with gaps
// and bars. Pure, so the drawing components only map these to SVG.

export interface Scale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps to the range's middle. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** A step of 1, 2 or 5 × 10^n giving about `count` intervals over the span. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Round ticks covering [min, max] (extended to the nearest step), and the extended domain.
 * A flat or empty series gets the domain [0, 1].
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
): { ticks: number[]; domain: [number, number] } {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return niceTicks(0, 1, count);
  if (max === min)
    return min === 0
      ? niceTicks(0, 1, count)
      : niceTicks(Math.min(0, min), Math.max(0, max), count);
  const step = niceStep(max - min, count);
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = start; value <= end + step / 2; value += step) ticks.push(round(value));
  return { ticks, domain: [round(start), round(end)] };
}

/** Ticks for a fixed domain (a rate 0..1, CSAT 1..5): the domain is kept. */
export function fixedTicks(domain: [number, number], count = 5): number[] {
  const step = niceStep(domain[1] - domain[0], count);
  const ticks: number[] = [];
  for (
    let value = Math.ceil(domain[0] / step) * step;
    value <= domain[1] + step / 1e6;
    value += step
  )
    ticks.push(round(value));
  return ticks;
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** An SVG path through the points; a null value breaks the line (no data that day). */
export function linePath(points: { x: number; y: number | null }[]): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point.y === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${fixed(point.x)},${fixed(point.y)}`;
    drawing = true;
  }
  return path;
}

/** Points standing alone (no neighbour with data), which a line cannot show: draw a dot. */
export function isolatedPoints<T extends { y: number | null }>(points: T[]): T[] {
  return points.filter(
    (point, index) =>
      point.y !== null &&
      (points[index - 1]?.y ?? null) === null &&
      (points[index + 1]?.y ?? null) === null,
  );
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Evenly spaced positions for n categories across [r0, r1], each band's start and width. */
export function bands(
  n: number,
  range: [number, number],
  padding = 0.2,
): { start: number; width: number; center: number }[] {
  if (n <= 0) return [];
  const step = (range[1] - range[0]) / n;
  const width = step * (1 - padding);
  return Array.from({ length: n }, (_, index) => {
    const start = range[0] + index * step + (step - width) / 2;
    return { start, width, center: start + width / 2 };
  });
}

/** Every UTC day from `from` to `to` (YYYY-MM-DD, both included). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end && days.length < 400; at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** At most `max` evenly picked indexes of n labels (the first and last included). */
export function labelIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, index) => index);
  const every = Math.ceil((n - 1) / (max - 1));
  const picked: number[] = [];
  for (let index = 0; index < n - 1; index += every) picked.push(index);
  if (n - 1 - picked[picked.length - 1]! < every / 2) picked.pop();
  picked.push(n - 1);
  return picked;
}

/** Steps a clock reads well: seconds, then whole minutes, then whole hours. */
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

/** Ticks from 0 for a duration axis (seconds), on steps like 30 s, 5 min or 1 h. */
export function timeTicks(
  maxSeconds: number,
  count = 5,
): { ticks: number[]; domain: [number, number] } {
  const max = Number.isFinite(maxSeconds) && maxSeconds > 0 ? maxSeconds : 60;
  const step = TIME_STEPS.find((candidate) => max / candidate <= count) ?? niceStep(max, count);
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= end; value += step) ticks.push(value);
  return { ticks, domain: [0, end] };
}
