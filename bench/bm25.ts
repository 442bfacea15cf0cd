/**
 * A plain in-process Okapi BM25 index (k1 1.2, b 0.75 by default) over documents given as
 * term lists: an inverted index whose postings carry each document's saturated term
 * frequency, so a query touches only the documents that share a term with it.
 */
export class Bm25Index {
  private constructor(
    private readonly termIds: Map<string, number>,
    /** Per term: the documents that contain it, ascending. */
    private readonly postingDocs: Int32Array[],
    /** Per term and posting: tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)). */
    private readonly postingWeights: Float32Array[],
    private readonly idf: Float64Array,
    private readonly scores: Float64Array,
  ) {}

  static build(documents: readonly (readonly string[])[], k1 = 1.2, b = 0.75): Bm25Index {
    const termIds = new Map<string, number>();
    const docs: number[][] = [];
    const tfs: number[][] = [];
    let totalLength = 0;
    documents.forEach((terms, doc) => {
      totalLength += terms.length;
      const counts = new Map<number, number>();
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
          docs.push([]);
          tfs.push([]);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, tf] of counts) {
        docs[id]!.push(doc);
        tfs[id]!.push(tf);
      }
    });
    const average = totalLength / Math.max(1, documents.length);
    const lengthNorm = documents.map((terms) => k1 * (1 - b + (b * terms.length) / (average || 1)));
    const count = documents.length;
    const idf = new Float64Array(termIds.size);
    const postingWeights = tfs.map((list, id) => {
      const df = list.length;
      idf[id] = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      return Float32Array.from(
        list,
        (tf, i) => (tf * (k1 + 1)) / (tf + lengthNorm[docs[id]![i]!]!),
      );
    });
    return new Bm25Index(
      termIds,
      docs.map((list) => Int32Array.from(list)),
      postingWeights,
      idf,
      new Float64Array(count),
    );
  }

  get termCount(): number {
    return this.termIds.size;
  }

  /** The `limit` best documents for the query's terms (a repeated term counts again), best first. */
  search(queryTerms: readonly string[], limit: number): number[] {
    const touched: number[] = [];
    const { scores } = this;
    for (const term of queryTerms) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const docs = this.postingDocs[id]!;
      const weights = this.postingWeights[id]!;
      const idf = this.idf[id]!;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += idf * weights[i]!;
      }
    }
    // Keep the best `limit` in a small sorted array (ties: the first one touched first).
    const best: number[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      if (best.length === limit && score <= scores[best[limit - 1]!]!) continue;
      let at = best.length;
      while (at > 0 && scores[best[at - 1]!]! < score) at--;
      best.splice(at, 0, doc);
      if (best.length > limit) best.pop();
    }
    const ranked = [...best];
    for (const doc of touched) scores[doc] = 0;
    return ranked;
  }
}
