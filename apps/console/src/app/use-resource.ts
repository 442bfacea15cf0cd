// Loading one thing from an API: its data, whether it is loading, the error, and reload().
// A newer load wins over an older one still in flight; unmounting aborts.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload(): void;
  /** Replace the data locally (an optimistic change, or one a socket event told). */
  set(update: (current: T | undefined) => T | undefined): void;
}

interface Outcome<T> {
  /** The load this outcome answers. */
  key: string;
  data: T | undefined;
  error: Error | null;
}

/**
 * `deps` name what the load depends on (ids, filters): a change loads again. The previous
 * data stays on screen while the next load runs.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { refreshMs?: number } = {},
): Resource<T> {
  const [generation, setGeneration] = useState(0);
  const [outcome, setOutcome] = useState<Outcome<T>>({ key: '', data: undefined, error: null });
  const key = `${generation}:${JSON.stringify(deps)}`;
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setOutcome({ key, data, error: null });
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        const error = cause instanceof Error ? cause : new Error(String(cause));
        setOutcome((previous) => ({ key, data: previous.data, error }));
      },
    );
    return () => controller.abort();
  }, [key]);

  useEffect(() => {
    if (!options.refreshMs) return;
    const timer = setInterval(() => setGeneration((n) => n + 1), options.refreshMs);
    return () => clearInterval(timer);
  }, [options.refreshMs]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const set = useCallback(
    (update: (current: T | undefined) => T | undefined) =>
      setOutcome((previous) => ({ ...previous, data: update(previous.data) })),
    [],
  );
  return {
    data: outcome.data,
    error: outcome.error,
    loading: outcome.key !== key,
    reload,
    set,
  };
}
