import { parentPort, workerData } from 'node:worker_threads';
import { Ranker, type RankerArticle } from './ranker';

/** Trains one ranker off the event loop and hands its state back (typed arrays transferred). */
const { articles } = workerData as { articles: RankerArticle[] };
const state = Ranker.train(articles).toState();
const buffers: ArrayBuffer[] = [];
collectBuffers(state, buffers);
parentPort!.postMessage(state, buffers);

function collectBuffers(value: unknown, into: ArrayBuffer[]): void {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !into.includes(value.buffer))
      into.push(value.buffer);
  } else if (Array.isArray(value)) for (const item of value) collectBuffers(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) collectBuffers(item, into);
}
