import { DEFAULT_LSH, type LshSettings } from '../apps/knowledge/src/search/embeddings/lsh';
import {
  bruteForce,
  InMemoryLsh,
  recallAt,
  syntheticCorpus,
} from '../apps/knowledge/src/search/embeddings/synthetic';
import { percentile as sortedPercentile, textArgs } from './stats';

const percentile = (values: number[], p: number) =>
  sortedPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );

/**
 * Recall of the embeddings index (random-hyperplane LSH bands, multi-probe, Hamming-ranked
 * candidates, exact cosine) against brute force, on synthetic clustered vectors
 * (apps/knowledge/src/search/embeddings/synthetic.ts). The same query logic as the SQL of
 * EmbeddingIndex.nearest, in memory, so settings can be swept quickly.
 *
 *   npm run build && node dist/bench/embeddings-recall.js [--articles 20000] [--texts 5]
 *     [--dims 256] [--queries 200] [--seed 7] [--grid "32x12,24x16"] [--probes "0,1,2"]
 *     [--candidates 300]
 */
const args = textArgs();
const number = (name: string, fallback: number) => Number(args.get(name) ?? fallback);

const spec = {
  dims: number('dims', 256),
  articles: number('articles', 20_000),
  textsPerArticle: number('texts', 5),
  articlesPerTopic: number('per-topic', 50),
  queries: number('queries', 200),
  seed: number('seed', 7),
};
const grid: LshSettings[] = (args.get('grid') ?? `${DEFAULT_LSH.bands}x${DEFAULT_LSH.bitsPerBand}`)
  .split(',')
  .map((cell) => {
    const [bands, bits] = cell.split('x').map(Number);
    return { bands: bands!, bitsPerBand: bits!, seed: DEFAULT_LSH.seed };
  });
const probeCounts = (args.get('probes') ?? '0,1,2').split(',').map(Number);
const candidates = number('candidates', 300);
const K = 10;

const started = Date.now();
const corpus = syntheticCorpus(spec);
const truth = corpus.queries.map((query) => bruteForce(corpus.texts, query.vector, K));
const bruteMs: number[] = [];
for (const query of corpus.queries.slice(0, 20)) {
  const t = performance.now();
  bruteForce(corpus.texts, query.vector, K);
  bruteMs.push(performance.now() - t);
}
const meanTop1 = truth.reduce((sum, t) => sum + (t[0]?.similarity ?? 0), 0) / truth.length;
const meanTop10 = truth.reduce((sum, t) => sum + (t[K - 1]?.similarity ?? 0), 0) / truth.length;
console.log(
  `### ${spec.articles} articles × ${spec.textsPerArticle} texts, ${spec.dims} dims, ` +
    `${spec.articlesPerTopic} articles/topic, ${spec.queries} queries (seed ${spec.seed}); ` +
    `brute-force mean cos top-1 ${meanTop1.toFixed(3)}, 10th ${meanTop10.toFixed(3)}, ` +
    `p50 ${percentile(bruteMs, 50).toFixed(1)} ms in Node; set up in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  '| B × r | probes | keys/query | matched rows p50 / p95 | recall@10 | top-1 same % | own article in top-10 % |',
);
console.log('|---|---|---|---|---|---|---|');
for (const settings of grid) {
  const index = new InMemoryLsh(corpus.texts, settings);
  for (const probes of probeCounts) {
    const matched: number[] = [];
    let recall = 0;
    let top1 = 0;
    let own = 0;
    corpus.queries.forEach((query, q) => {
      const result = index.nearest(query.vector, { limit: K, probes, candidates });
      matched.push(result.matched);
      recall += recallAt(truth[q]!, result.neighbours);
      if (result.neighbours[0]?.articleId === truth[q]![0]?.articleId) top1++;
      if (result.neighbours.some((n) => n.articleId === query.articleId)) own++;
    });
    const n = corpus.queries.length;
    console.log(
      `| ${settings.bands} × ${settings.bitsPerBand} | ${probes} | ${settings.bands * (1 + Math.min(probes, settings.bitsPerBand))} ` +
        `| ${percentile(matched, 50).toFixed(0)} / ${percentile(matched, 95).toFixed(0)} ` +
        `| ${(recall / n).toFixed(3)} | ${((100 * top1) / n).toFixed(1)} | ${((100 * own) / n).toFixed(1)} |`,
    );
  }
}
