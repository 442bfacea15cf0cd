import cluster from 'node:cluster';

/**
 * Runs `start` in `count` worker processes sharing the listening port (Node's cluster), so
 * one app uses several cores; with 1 it simply runs `start` here. Everything an app keeps
 * between requests is in Kafka, Postgres or Redis, so workers need no coordination: they
 * join the same consumer group, the outbox relay and sweepers take advisory locks, sockets
 * fan out through Redis. The primary only restarts workers that die and passes on
 * SIGTERM/SIGINT, exiting once every worker has.
 */
export async function runWorkers(count: number, start: () => Promise<void>): Promise<void> {
  if (count <= 1 || !cluster.isPrimary) {
    await start();
    return;
  }
  let stopping = false;
  const fork = (): void => {
    cluster.fork();
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(
      `worker ${worker.process.pid} stopped (${signal ?? code}); starting another in 1 s`,
    );
    setTimeout(fork, 1_000).unref();
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let index = 0; index < count; index++) fork();
}
