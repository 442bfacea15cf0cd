import { seededRandom } from '../ranker/sparse';

/**
 * Locality-sensitive hashing for cosine similarity with random hyperplanes (Charikar 2002):
 * each hyperplane through the origin gives one bit, the side of it a vector lies on. Two
 * unit vectors at angle θ agree on a bit with probability 1 − θ/π. The bits are cut into
 * bands of r bits; two vectors become candidates when they agree on every bit of at least
 * one band. Band keys go into a GIN-indexed bigint[] column; the query looks up its own
 * keys (and, multi-probe, the keys one flip away on its least certain bits).
 */
export interface LshSettings {
  /** Number of bands B: more bands, more recall and more candidates. */
  bands: number;
  /** Bits per band r: more bits, fewer and closer candidates. B · 2^r must stay below 2^32. */
  bitsPerBand: number;
  /** Seeds the hyperplanes; with the dimension count it fixes them for good. */
  seed: number;
}

export const DEFAULT_LSH: LshSettings = { bands: 32, bitsPerBand: 12, seed: 20_251_122 };

/** A short name for the settings, stored with each row: rows hashed otherwise are re-hashed. */
export function lshVersion(settings: LshSettings): string {
  return `rh-b${settings.bands}r${settings.bitsPerBand}s${settings.seed}`;
}

function checkSettings(settings: LshSettings): void {
  const { bands, bitsPerBand } = settings;
  if (!Number.isInteger(bands) || bands < 1) throw new Error(`bands must be ≥ 1, not ${bands}`);
  if (!Number.isInteger(bitsPerBand) || bitsPerBand < 1 || bitsPerBand > 24)
    throw new Error(`bitsPerBand must be 1–24, not ${bitsPerBand}`);
  if (bands * 2 ** bitsPerBand > 2 ** 32) throw new Error('bands · 2^bitsPerBand must fit 32 bits');
}

const cache = new Map<string, Float32Array>();

/**
 * B · r unit hyperplanes for vectors of `dims` dimensions, row-major. Deterministic: the
 * same settings and dimension count give the same planes in every process, forever (the
 * stored band keys depend on it).
 */
export function hyperplanes(dims: number, settings: LshSettings): Float32Array {
  checkSettings(settings);
  const count = settings.bands * settings.bitsPerBand;
  const key = `${dims}:${count}:${settings.seed}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // One generator per dimension count, so 256- and 1536-dimension planes never share draws.
  const random = seededRandom((settings.seed ^ Math.imul(dims, 0x9e3779b1)) >>> 0);
  const gaussian = () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const planes = new Float32Array(count * dims);
  for (let p = 0; p < count; p++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const value = gaussian();
      planes[p * dims + d] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) planes[p * dims + d]! *= scale;
  }
  cache.set(key, planes);
  return planes;
}

/** The vector's signed distance to each hyperplane: its sign is the bit, its size the certainty. */
export function project(vector: Float32Array, settings: LshSettings): Float32Array {
  const dims = vector.length;
  const planes = hyperplanes(dims, settings);
  const count = settings.bands * settings.bitsPerBand;
  const projections = new Float32Array(count);
  for (let p = 0; p < count; p++) {
    let dot = 0;
    const offset = p * dims;
    for (let d = 0; d < dims; d++) dot += planes[offset + d]! * vector[d]!;
    projections[p] = dot;
  }
  return projections;
}

function bandCode(bits: readonly number[], band: number, bitsPerBand: number): number {
  let code = 0;
  for (const bit of bits) code = code * 2 + bit;
  return band * 2 ** bitsPerBand + code;
}

function bandBits(projections: Float32Array, band: number, bitsPerBand: number): number[] {
  const bits: number[] = [];
  for (let i = 0; i < bitsPerBand; i++)
    bits.push(projections[band * bitsPerBand + i]! >= 0 ? 1 : 0);
  return bits;
}

/** One code per band, band · 2^r + the band's r bits read as a binary number. */
export function bandCodes(projections: Float32Array, settings: LshSettings): number[] {
  const codes: number[] = [];
  for (let band = 0; band < settings.bands; band++)
    codes.push(
      bandCode(bandBits(projections, band, settings.bitsPerBand), band, settings.bitsPerBand),
    );
  return codes;
}

/**
 * The query's codes for multi-probe LSH (after Lv et al. 2007, simplified to single flips):
 * each band's own code, then, per band, the codes with one of its `probes` least certain
 * bits (smallest |projection|) flipped. A near neighbour that missed a band by one uncertain
 * bit is found without more bands in storage. Base codes come first.
 */
export function probeCodes(
  projections: Float32Array,
  settings: LshSettings,
  probes: number,
): number[] {
  const { bands, bitsPerBand } = settings;
  const codes = bandCodes(projections, settings);
  const flips = Math.max(0, Math.min(probes, bitsPerBand));
  for (let band = 0; band < bands; band++) {
    const bits = bandBits(projections, band, bitsPerBand);
    const order = bits
      .map((_, i) => i)
      .sort(
        (a, b) =>
          Math.abs(projections[band * bitsPerBand + a]!) -
            Math.abs(projections[band * bitsPerBand + b]!) || a - b,
      );
    for (const i of order.slice(0, flips)) {
      const flipped = [...bits];
      flipped[i] = 1 - flipped[i]!;
      codes.push(bandCode(flipped, band, bitsPerBand));
    }
  }
  return codes;
}

/** All B · r bits as a '0'/'1' string, for Postgres `varbit`: Hamming distance ranks candidates. */
export function sketchOf(projections: Float32Array): string {
  let sketch = '';
  for (const value of projections) sketch += value >= 0 ? '1' : '0';
  return sketch;
}

/** FNV-1a of the tenant id as a signed 32-bit integer. */
export function tenantSalt(tenantId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(tenantId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Band codes salted with the tenant: salt · 2^32 + code, as decimal strings for a Postgres
 * bigint[]. A GIN posting list then holds one tenant's rows only, so a lookup never walks
 * other tenants' entries (and needs no btree_gin); the tenant_id filter stays exact.
 */
export function saltedKeys(salt: number, codes: readonly number[]): string[] {
  const high = BigInt(salt) << 32n;
  return codes.map((code) => (high + BigInt(code)).toString());
}
