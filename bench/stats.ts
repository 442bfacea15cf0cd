import { loadavg } from 'node:os';
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
  /** Open loop only: how far behind its schedule the load generator sent (it must stay small). */
  maxSendLagMs?: number;
  /** CPU the benchmark process (load generator, or the bare producer) spent per message. */
  clientCpuMs?: number;
  /** CPU the system under test spent per message, when it reports its own. */
  serverCpuMs?: number;
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

/** What the rows count ("messages", "queries"), one of them ("msg", "query"), and the system under test. */
export interface TableLabels {
  unit?: string;
  one?: string;
  server?: string;
}

export function table(
  title: string,
  rows: Record<string, Summary>,
  { unit = 'messages', one = 'msg', server = 'gateway' }: TableLabels = {},
): string {
  const names = Object.keys(rows);
  const row = (label: string, cells: string[]) =>
    `| ${label.padEnd(22)} | ${cells.map((cell) => cell.padStart(18)).join(' | ')} |`;
  const cell = (pick: (summary: Summary) => string) => names.map((name) => pick(rows[name]!));
  const optional = (value: number | undefined, digits: number) =>
    value === undefined ? '-' : value.toFixed(digits);
  return [
    `### ${title}`,
    row('', names),
    `|${'-'.repeat(24)}|${names.map(() => '-'.repeat(20)).join('|')}|`,
    row(
      unit,
      cell((s) => String(s.count)),
    ),
    row(
      'errors',
      cell((s) => String(s.errors)),
    ),
    row(
      `${unit} / s`,
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
    row(
      'max send lag (ms)',
      cell((s) => optional(s.maxSendLagMs, 1)),
    ),
    row(
      `bench CPU ms / ${one}`,
      cell((s) => optional(s.clientCpuMs, 3)),
    ),
    row(
      `${server} CPU ms / ${one}`,
      cell((s) => optional(s.serverCpuMs, 3)),
    ),
  ].join('\n');
}

/** A free-form table in the same layout as `table`: one row per label, one cell per column. */
export function grid(
  title: string,
  columns: readonly string[],
  rows: readonly (readonly [string, readonly string[]])[],
): string {
  const row = (label: string, cells: readonly string[]) =>
    `| ${label.padEnd(26)} | ${cells.map((cell) => cell.padStart(18)).join(' | ')} |`;
  return [
    `### ${title}`,
    row('', columns),
    `|${'-'.repeat(28)}|${columns.map(() => '-'.repeat(20)).join('|')}|`,
    ...rows.map(([label, cells]) => row(label, cells)),
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
  const cpu = process.cpuUsage();
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
  const summary = summarize(latencies, errors, (performance.now() - started) / 1000);
  return { ...summary, clientCpuMs: cpuMsSince(cpu) / count };
}

/**
 * Sends at a fixed rate for `seconds` (open loop: a slow answer does not slow the schedule).
 * Latency counts from when a message was due, not from when it was sent, so a load
 * generator that falls behind (coordinated omission) cannot hide the wait from the figures.
 */
export async function openLoop(
  ratePerSecond: number,
  seconds: number,
  send: (index: number) => Promise<boolean>,
): Promise<Summary> {
  const latencies: number[] = [];
  let errors = 0;
  let maxSendLagMs = 0;
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inFlight: Promise<void>[] = [];
  let yielded = started;
  for (let index = 0; index < total; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      yielded = performance.now();
    } else if (performance.now() - yielded > 1) {
      // Behind schedule: still let answers in, or the generator turns into one burst.
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    inFlight.push(
      send(index).then(
        (ok) => {
          if (ok) latencies.push(performance.now() - due);
          else errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const summary = summarize(latencies, errors, (performance.now() - started) / 1000);
  return { ...summary, maxSendLagMs, clientCpuMs: cpuMsSince(cpu) / total };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The machine's load average (1, 5, 15 minutes), for the figures' context. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/**
 * A counter or gauge from an app's `/metrics`: the sum of its series (one for an unlabelled
 * metric), NaN when the app does not report it.
 */
export async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  let found = false;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'gm'))) {
    sum += Number(match[1]);
    found = true;
  }
  return found ? sum : Number.NaN;
}

/** The command line's `--name value` pairs, values as written. */
export function textArgs(argv: readonly string[] = process.argv): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 2; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  return args;
}

/** The command line's `--name value` pairs, values as numbers. */
export function numericArgs(argv: readonly string[] = process.argv): Map<string, number> {
  return new Map([...textArgs(argv)].map(([name, value]) => [name, Number(value)]));
}
