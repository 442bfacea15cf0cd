import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Ranker, type RankerArticle, type RankerState } from './ranker/ranker';

const WORKER = join(__dirname, 'ranker', 'train.worker.js');

/**
 * Trains rankers one at a time in a worker thread, so a tenant's retraining (seconds for a
 * few thousand sample questions) never stalls searches on the event loop. Where the
 * compiled worker is absent (tests running the TypeScript sources) it trains inline.
 */
export class RankerTrainer {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly useWorker = existsSync(WORKER)) {}

  train(articles: readonly RankerArticle[]): Promise<Ranker> {
    const run = this.tail.then(() =>
      this.useWorker ? inWorker(articles) : Promise.resolve(Ranker.train(articles)),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function inWorker(articles: readonly RankerArticle[]): Promise<Ranker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { articles } });
    let settled = false;
    worker.once('message', (state: RankerState) => {
      settled = true;
      resolve(Ranker.fromState(state));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`ranker worker exited with code ${code}`));
    });
  });
}
