import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@tandem/observability';

/**
 * Runs a task every `intervalMs`, counted from the end of the previous run, so runs never
 * overlap on one instance however long one takes. A failed run is reported and the next
 * one still comes. `stop()` cancels the next run and waits for one in flight, so a module
 * can shut down without a sweep writing into a closed pool.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.task()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
  }
}

/**
 * A PeriodicTask bound to the app's lifecycle: started once the app has booted, stopped
 * (waiting for a run in flight) when it shuts down. What a sweeper is; a subclass passes its
 * interval, its run and what to call it in the log when a run fails.
 */
export abstract class PeriodicWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  protected constructor(
    intervalMs: number,
    run: () => Promise<unknown>,
    logger: Pick<Logger, 'warn'>,
    name: string,
  ) {
    this.task = new PeriodicTask(intervalMs, run, (error) =>
      logger.warn({ err: error }, `${name} failed; will retry`),
    );
  }

  onApplicationBootstrap(): void | Promise<void> {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
