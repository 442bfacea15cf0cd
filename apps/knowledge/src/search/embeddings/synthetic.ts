import { seededRandom } from '../ranker/sparse';
import { bandCodes, probeCodes, project, sketchOf, type LshSettings } from './lsh';
import { cosine, normalised } from './vectors';

/**
 * Synthetic clustered embeddings for measuring the index against brute force, shaped like
 * sentence embeddings of a help centre: every vector shares a common direction (unrelated
 * texts still score about 0.1–0.15, as real models' do), articles cluster in topics (about
 * 0.35–0.5 between articles of one topic), and an article's texts and the queries aimed at it
 * are noisy copies of the article's direction (about 0.75 with each other).
 */
export interface SyntheticSpec {
  dims: number;
  articles: number;
  textsPerArticle: number;
  articlesPerTopic: number;
  queries: number;
  seed: number;
  /** Shares of the article direction's energy: common direction, topic, article's own. */
  common?: number;
  topic?: number;
  /** Noise energy of a text or query relative to its article direction (0.33 → cos ≈ 0.75 between texts). */
  noise?: number;
}

export interface SyntheticCorpus {
  texts: { articleId: number; vector: Float32Array }[];
  queries: { articleId: number; vector: Float32Array }[];
}

export function syntheticCorpus(spec: SyntheticSpec): SyntheticCorpus {
  const random = seededRandom(spec.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const unitRandom = () => {
    const values = new Float32Array(spec.dims);
    for (let d = 0; d < spec.dims; d++) values[d] = gaussian();
    return normalised(values)!;
  };
  const mix = (parts: [Float32Array, number][]) => {
    const out = new Float32Array(spec.dims);
    for (const [vector, weight] of parts)
      for (let d = 0; d < spec.dims; d++) out[d]! += vector[d]! * weight;
    return normalised(out)!;
  };
  const common = spec.common ?? 0.15;
  const topicShare = spec.topic ?? 0.35;
  const noise = spec.noise ?? 0.33;
  const shared = unitRandom();
  const topics: Float32Array[] = [];
  const articles: Float32Array[] = [];
  for (let a = 0; a < spec.articles; a++) {
    const t = Math.floor(a / spec.articlesPerTopic);
    topics[t] ??= unitRandom();
    articles.push(
      mix([
        [shared, Math.sqrt(common)],
        [topics[t]!, Math.sqrt(topicShare)],
        [unitRandom(), Math.sqrt(1 - common - topicShare)],
      ]),
    );
  }
  const around = (article: Float32Array) =>
    mix([
      [article, 1],
      [unitRandom(), Math.sqrt(noise)],
    ]);
  const texts = articles.flatMap((vector, articleId) =>
    Array.from({ length: spec.textsPerArticle }, () => ({ articleId, vector: around(vector) })),
  );
  const queries = Array.from({ length: spec.queries }, () => {
    const articleId = Math.floor(random() * spec.articles);
    return { articleId, vector: around(articles[articleId]!) };
  });
  return { texts, queries };
}

export interface Neighbour {
  articleId: number;
  similarity: number;
}

function bestPerArticle(scored: Neighbour[], limit: number): Neighbour[] {
  const best = new Map<number, number>();
  for (const { articleId, similarity } of scored)
    if (!best.has(articleId) || best.get(articleId)! < similarity) best.set(articleId, similarity);
  return [...best]
    .map(([articleId, similarity]) => ({ articleId, similarity }))
    .sort((a, b) => b.similarity - a.similarity || a.articleId - b.articleId)
    .slice(0, limit);
}

export function bruteForce(
  texts: SyntheticCorpus['texts'],
  query: Float32Array,
  limit: number,
): Neighbour[] {
  return bestPerArticle(
    texts.map(({ articleId, vector }) => ({ articleId, similarity: cosine(query, vector) })),
    limit,
  );
}

/**
 * The database query of `EmbeddingIndex.nearest`, in memory: rows sharing a band key with
 * the query's probe keys are candidates; the `candidates` nearest by sketch Hamming distance
 * are scored exactly; the best text per article wins.
 */
export class InMemoryLsh {
  private readonly buckets = new Map<number, number[]>();
  private readonly sketches: Uint8Array[] = [];

  constructor(
    private readonly texts: SyntheticCorpus['texts'],
    private readonly settings: LshSettings,
  ) {
    texts.forEach(({ vector }, row) => {
      const projections = project(vector, settings);
      this.sketches.push(bits(projections));
      for (const code of bandCodes(projections, settings)) {
        const bucket = this.buckets.get(code);
        if (bucket) bucket.push(row);
        else this.buckets.set(code, [row]);
      }
    });
  }

  nearest(
    query: Float32Array,
    options: { limit: number; probes: number; candidates: number },
  ): { neighbours: Neighbour[]; matched: number } {
    const projections = project(query, this.settings);
    const sketch = bits(projections);
    const rows = new Set<number>();
    for (const code of probeCodes(projections, this.settings, options.probes))
      for (const row of this.buckets.get(code) ?? []) rows.add(row);
    const ranked = [...rows]
      .map((row) => ({ row, distance: hamming(sketch, this.sketches[row]!) }))
      .sort((a, b) => a.distance - b.distance || a.row - b.row)
      .slice(0, options.candidates);
    const neighbours = bestPerArticle(
      ranked.map(({ row }) => ({
        articleId: this.texts[row]!.articleId,
        similarity: cosine(query, this.texts[row]!.vector),
      })),
      options.limit,
    );
    return { neighbours, matched: rows.size };
  }
}

function bits(projections: Float32Array): Uint8Array {
  return Uint8Array.from(sketchOf(projections), (char) => (char === '1' ? 1 : 0));
}

function hamming(a: Uint8Array, b: Uint8Array): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) distance += a[i]! ^ b[i]!;
  return distance;
}

/** Share of the true top-k articles that the approximate top-k found. */
export function recallAt(truth: Neighbour[], found: Neighbour[]): number {
  if (truth.length === 0) return 1;
  const ids = new Set(found.map((n) => n.articleId));
  return truth.filter((n) => ids.has(n.articleId)).length / truth.length;
}
