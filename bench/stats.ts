/** Percentiles and a side-by-side table for benchmarks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Summary {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(latenciesMs: number[], errors: number, seconds: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function table(title: string, rows: Record<string, Summary>): string {
  const names = Object.keys(rows);
  const row = (label: string, cells: string[]) =>
    `| ${label.padEnd(20)} | ${cells.map((cell) => cell.padStart(18)).join(' | ')} |`;
  const cell = (pick: (summary: Summary) => string) => names.map((name) => pick(rows[name]!));
  return [
    `### ${title}`,
    row('', names),
    `|${'-'.repeat(22)}|${names.map(() => '-'.repeat(20)).join('|')}|`,
    row(
      'messages',
      cell((s) => String(s.count)),
    ),
    row(
      'errors',
      cell((s) => String(s.errors)),
    ),
    row(
      'messages / s',
      cell((s) => s.perSecond.toFixed(0)),
    ),
    row(
      'p50 latency (ms)',
      cell((s) => s.p50.toFixed(2)),
    ),
    row(
      'p99 latency (ms)',
      cell((s) => s.p99.toFixed(2)),
    ),
    row(
      'max latency (ms)',
      cell((s) => s.max.toFixed(2)),
    ),
  ].join('\n');
}

/** Runs `send` for each of `count` items with at most `concurrency` in flight. */
export async function closedLoop(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<boolean>,
): Promise<Summary> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = performance.now();
        if (await send(index)) latencies.push(performance.now() - t0);
        else errors += 1;
      }
    }),
  );
  return summarize(latencies, errors, (performance.now() - started) / 1000);
}

/** Sends at a fixed rate (open loop: a slow answer does not slow the schedule), for `seconds`. */
export async function openLoop(
  ratePerSecond: number,
  seconds: number,
  send: (index: number) => Promise<boolean>,
): Promise<Summary> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      (async () => {
        const t0 = performance.now();
        if (await send(index)) latencies.push(performance.now() - t0);
        else errors += 1;
      })(),
    );
  }
  await Promise.all(inFlight);
  return summarize(latencies, errors, (performance.now() - started) / 1000);
}
