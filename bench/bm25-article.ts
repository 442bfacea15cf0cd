import { terms } from '@tandem/text';
import type { RankerArticle } from '../apps/knowledge/src/search/ranker/ranker';

const K1 = 1.2;
const B = 0.75;

/**
 * Okapi BM25 (k1 1.2, b 0.75) with one document per article (title and sample questions
 * concatenated), as in bench/search-quality.ts. The nearest article's score is normalised
 * by the most the query's terms could score (each term's idf · (k1 + 1), its limit as the
 * term frequency grows), so it lies in [0, 1).
 */
export function bm25Nearest(
  articles: readonly RankerArticle[],
): (query: string) => { articleId: string; score: number } {
  const docs = articles.map((article) => {
    const counts = new Map<string, number>();
    let length = 0;
    for (const text of [article.title, ...article.questions])
      for (const term of terms(text)) {
        counts.set(term, (counts.get(term) ?? 0) + 1);
        length++;
      }
    return { id: article.id, counts, length };
  });
  const average = docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length;
  const df = new Map<string, number>();
  for (const doc of docs)
    for (const term of doc.counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string) => {
    const n = df.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  return (query) => {
    const queryTerms = terms(query);
    let ceiling = 0;
    for (const term of queryTerms) ceiling += idf(term) * (K1 + 1);
    let best = { articleId: docs[0]?.id ?? '', score: 0 };
    for (const doc of docs) {
      let score = 0;
      for (const term of queryTerms) {
        const tf = doc.counts.get(term) ?? 0;
        if (tf > 0)
          score += (idf(term) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / average));
      }
      if (score > best.score) best = { articleId: doc.id, score };
    }
    return { articleId: best.articleId, score: ceiling > 0 ? best.score / ceiling : 0 };
  };
}
