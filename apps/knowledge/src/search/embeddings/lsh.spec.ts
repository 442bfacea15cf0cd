import {
  bandCodes,
  DEFAULT_LSH,
  hyperplanes,
  lshVersion,
  probeCodes,
  project,
  saltedKeys,
  sketchOf,
  tenantSalt,
  type LshSettings,
} from './lsh';
import { bruteForce, InMemoryLsh, recallAt, syntheticCorpus } from './synthetic';
import { cosine, fromBytes, normalised, toBytes } from './vectors';

const small: LshSettings = { bands: 3, bitsPerBand: 4, seed: 42 };

/** A vector whose projections are exactly the given values: the hyperplanes themselves combined. */
function projectionsOf(values: number[]): Float32Array {
  return Float32Array.from(values);
}

describe('hyperplanes', () => {
  it('are the same for the same dimension count and seed, in any order of asking', () => {
    const first = Array.from(hyperplanes(16, small));
    hyperplanes(32, small);
    expect(Array.from(hyperplanes(16, { ...small }))).toEqual(first);
    expect(first).toHaveLength(3 * 4 * 16);
  });

  it('differ between dimension counts and between seeds', () => {
    const a = hyperplanes(16, small).slice(0, 16);
    expect(Array.from(hyperplanes(17, small).slice(0, 16))).not.toEqual(Array.from(a));
    expect(Array.from(hyperplanes(16, { ...small, seed: 43 }).slice(0, 16))).not.toEqual(
      Array.from(a),
    );
  });

  it('are unit vectors', () => {
    const planes = hyperplanes(64, small);
    for (let p = 0; p < 12; p++) {
      const norm = Math.hypot(...planes.slice(p * 64, (p + 1) * 64));
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it.each([
    [{ bands: 0, bitsPerBand: 4, seed: 1 }],
    [{ bands: 4, bitsPerBand: 25, seed: 1 }],
    [{ bands: 2 ** 9, bitsPerBand: 24, seed: 1 }],
  ])('refuse settings whose keys would not fit: %j', (settings) => {
    expect(() => hyperplanes(8, settings)).toThrow();
  });
});

describe('band codes', () => {
  it.each([
    // projections per band (4 bits each) → band · 16 + bits read high to low
    [
      [1, 1, 1, 1, -1, -1, -1, -1, 0.5, -0.5, 0.5, -0.5],
      [15, 16 + 0, 32 + 0b1010],
    ],
    [
      [-1, -1, -1, 1, 1, -1, -1, -1, -0.1, -0.1, -0.1, -0.1],
      [1, 16 + 0b1000, 32 + 0],
    ],
  ])('projections %j → codes %j', (projections, codes) => {
    expect(bandCodes(projectionsOf(projections), small)).toEqual(codes);
  });

  it('a vector and a near copy share most bands; an opposite vector shares none', () => {
    const settings = DEFAULT_LSH;
    const corpus = syntheticCorpus({
      dims: 64,
      articles: 1,
      textsPerArticle: 1,
      articlesPerTopic: 1,
      queries: 0,
      seed: 3,
    });
    const v = corpus.texts[0]!.vector;
    const near = normalised(v.map((x, i) => x + (i % 7 === 0 ? 0.02 : 0)))!;
    const opposite = v.map((x) => -x);
    const codes = bandCodes(project(v, settings), settings);
    const shared = (other: Float32Array) => {
      const theirs = new Set(bandCodes(project(other, settings), settings));
      return codes.filter((code) => theirs.has(code)).length;
    };
    expect(shared(near)).toBeGreaterThan(settings.bands / 2);
    expect(shared(opposite)).toBe(0);
  });
});

describe('multi-probe', () => {
  const projections = projectionsOf([0.9, -0.05, 0.3, -0.7, 0.2, 0.1, -0.4, -0.01, 1, 1, 1, 1]);

  it('without probes, is the band codes', () => {
    expect(probeCodes(projections, small, 0)).toEqual(bandCodes(projections, small));
  });

  it('flips the least certain bit of each band first', () => {
    const codes = probeCodes(projections, small, 1);
    // band 0: 1 0 1 0; least certain is bit 1 (|-0.05|) → 1 1 1 0
    // band 1: 1 1 0 0; least certain is bit 3 (|-0.01|) → 1 1 0 1
    // band 2: 1 1 1 1; all equal, the first bit goes → 0 1 1 1
    expect(codes).toEqual([0b1010, 16 + 0b1100, 32 + 0b1111, 0b1110, 16 + 0b1101, 32 + 0b0111]);
  });

  it('with two probes, adds the second least certain bit of each band', () => {
    const codes = probeCodes(projections, small, 2);
    expect(codes).toHaveLength(3 * 3);
    // band 0's second least certain is bit 2 (|0.3|), band 1's bit 1 (|0.1|), band 2's bit 1.
    expect(codes.slice(3)).toEqual([
      0b1110,
      0b1000,
      16 + 0b1101,
      16 + 0b1000,
      32 + 0b0111,
      32 + 0b1011,
    ]);
  });
});

describe('keys and sketches', () => {
  it('salts band codes with a per-tenant 32-bit hash in the high half of a bigint', () => {
    const salt = tenantSalt('tenant-a');
    expect(tenantSalt('tenant-a')).toBe(salt);
    expect(tenantSalt('tenant-b')).not.toBe(salt);
    const [key] = saltedKeys(salt, [0b1010]);
    expect(BigInt(key!)).toBe(BigInt(salt) * 2n ** 32n + 10n);
    expect(BigInt(saltedKeys(-1, [5])[0]!)).toBe(-(2n ** 32n) + 5n);
  });

  it('a sketch is every bit in order', () => {
    expect(sketchOf(projectionsOf([1, -1, 0, -0.2]))).toBe('1010');
  });

  it('names the settings it hashed with', () => {
    expect(lshVersion(small)).toBe('rh-b3r4s42');
  });
});

describe('vectors', () => {
  it('normalises, and refuses vectors without a direction', () => {
    expect(Array.from(normalised([3, 4])!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(normalised([0, 0])).toBeNull();
    expect(normalised([1, Number.NaN])).toBeNull();
  });

  it('cosine of unit vectors, clamped', () => {
    const a = normalised([1, 0])!;
    const b = normalised([1, 1])!;
    expect(cosine(a, b)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine(a, a)).toBeLessThanOrEqual(1);
    expect(cosine(a, normalised([-1, 0])!)).toBe(-1);
    expect(() => cosine(a, normalised([1, 0, 0])!)).toThrow();
  });

  it('round-trips through little-endian float32 bytes', () => {
    const v = normalised([0.1, -2, 3.5])!;
    expect(toBytes(v)).toHaveLength(12);
    expect(Array.from(fromBytes(toBytes(v)))).toEqual(Array.from(v));
  });
});

describe('recall against brute force (synthetic clustered vectors, seed 11)', () => {
  const corpus = syntheticCorpus({
    dims: 128,
    articles: 2_000,
    textsPerArticle: 4,
    articlesPerTopic: 40,
    queries: 60,
    seed: 11,
  });
  const index = new InMemoryLsh(corpus.texts, DEFAULT_LSH);

  it('finds the query’s own article first, and part of the true top 10, reading under 10 % of the rows', () => {
    let recall = 0;
    let own = 0;
    let matched = 0;
    for (const query of corpus.queries) {
      const truth = bruteForce(corpus.texts, query.vector, 10);
      const found = index.nearest(query.vector, { limit: 10, probes: 2, candidates: 300 });
      recall += recallAt(truth, found.neighbours);
      if (found.neighbours[0]?.articleId === query.articleId) own++;
      matched += found.matched;
    }
    const n = corpus.queries.length;
    expect(own / n).toBeGreaterThanOrEqual(0.95);
    // Measured 0.66 (docs/search.md): the misses are other articles of the topic, at cosine ≈ 0.45.
    expect(recall / n).toBeGreaterThanOrEqual(0.6);
    // …while reading a fraction of the rows.
    expect(matched / n).toBeLessThan(corpus.texts.length / 10);
  });

  it('probing more finds more', () => {
    const recallWith = (probes: number) =>
      corpus.queries.reduce(
        (sum, query) =>
          sum +
          recallAt(
            bruteForce(corpus.texts, query.vector, 10),
            index.nearest(query.vector, { limit: 10, probes, candidates: 300 }).neighbours,
          ),
        0,
      );
    expect(recallWith(2)).toBeGreaterThan(recallWith(0));
  });
});
