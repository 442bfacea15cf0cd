/** A dependency the service needs to do its work; readiness fails while any check fails. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'ok' | 'down'; error?: string; ms: number }>;
}

export async function runHealthChecks(
  checks: HealthCheck[],
  timeoutMs = 2_000,
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = Date.now();
      try {
        await withTimeout(
          check.check(),
          timeoutMs,
          `${check.name} did not answer in ${timeoutMs} ms`,
        );
        return [check.name, { status: 'ok' as const, ms: Date.now() - started }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [
          check.name,
          { status: 'down' as const, error: message, ms: Date.now() - started },
        ] as const;
      }
    }),
  );
  const report: HealthReport = { status: 'ok', checks: {} };
  for (const [name, result] of results) {
    report.checks[name] = result;
    if (result.status === 'down') report.status = 'unavailable';
  }
  return report;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
