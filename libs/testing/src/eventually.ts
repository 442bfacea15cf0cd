export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Retries an assertion until it passes or the time is up, then throws its last error.
 * The way to wait for asynchronous results; never a fixed sleep.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const message = lastError instanceof Error ? lastError.message : String(lastError);
      const wrapped = new Error(`still failing after ${timeoutMs} ms: ${message}`);
      if (lastError instanceof Error && lastError.stack)
        wrapped.stack = `${wrapped.message}\n${lastError.stack}`;
      throw wrapped;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
