/**
 * Dense vectors as the embeddings index keeps them: float32, unit length, stored in Postgres
 * as little-endian bytea.
 */

/** The vector scaled to unit length, or null when it has no direction (zero or not finite). */
export function normalised(vector: ArrayLike<number>): Float32Array | null {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i]!;
    if (!Number.isFinite(value)) return null;
    sum += value * value;
  }
  if (sum === 0) return null;
  const scale = 1 / Math.sqrt(sum);
  const unit = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) unit[i] = vector[i]! * scale;
  return unit;
}

/** Cosine of two unit vectors (their dot product), clamped to [-1, 1] against rounding. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`dimension mismatch: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return Math.max(-1, Math.min(1, dot));
}

export function toBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes;
}

export function fromBytes(bytes: Buffer): Float32Array {
  if (bytes.length % 4 !== 0) throw new Error(`not a float32 vector: ${bytes.length} bytes`);
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}
