import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Preload that CPU-profiles a process until it is told to stop:
 *   BENCH_GATEWAY_NODE_OPTIONS="--require ./dist/bench/cpu-profile.js" node dist/bench/ingest.js
 * Node 20 refuses --cpu-prof in NODE_OPTIONS, and Nest re-raises SIGTERM after its shutdown
 * hooks (so --cpu-prof would never write its file anyway): this catches the re-raise, writes
 * gateway-<time>.cpuprofile into the working directory (the benchmark's), then exits.
 */
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');

const kill = process.kill.bind(process);
process.kill = (pid: number, signal?: string | number): true => {
  if (pid !== process.pid || (signal !== 'SIGTERM' && signal !== 'SIGINT'))
    return kill(pid, signal);
  session.post('Profiler.stop', (error, result) => {
    if (!error) {
      writeFileSync(`gateway-${Date.now()}.cpuprofile`, JSON.stringify(result.profile));
    }
    process.exit(0);
  });
  return true;
};
