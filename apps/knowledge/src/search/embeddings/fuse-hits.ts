import type { SemanticHit } from './embedding-index';

export interface ScoredArticle {
  articleId: string;
  /** 0..1, as search reports it. */
  score: number;
  matchedQuestion: string | null;
}

export interface FuseSettings {
  /** Cosine at or below which a semantic hit scores 0 (unrelated texts score about this). */
  floor: number;
  /** Cosine at or above which a semantic hit scores 1 (a paraphrase). */
  ceiling: number;
}

/**
 * Placeholders for text-embedding-3-small (unrelated help-centre texts ≈ 0.1–0.3, paraphrases
 * ≈ 0.6–0.9); calibrate per model before the bot answers on them (docs/search.md).
 */
export const DEFAULT_FUSE: FuseSettings = { floor: 0.3, ceiling: 0.85 };

/** A cosine as a 0..1 score: linear between the floor and the ceiling. */
export function semanticScore(similarity: number, settings: FuseSettings = DEFAULT_FUSE): number {
  const score = (similarity - settings.floor) / (settings.ceiling - settings.floor);
  return Math.max(0, Math.min(1, score));
}

/**
 * Lexical and semantic results as one list: each article scores the better of its lexical
 * score and its semantic score, and reports the question that earned it. Lexical results
 * keep their score (a strong term match is never lowered); an article only the embeddings
 * found enters with its semantic score. Best first; ties keep the lexical order.
 */
export function fuseHits(
  lexical: readonly ScoredArticle[],
  semantic: readonly SemanticHit[],
  limit: number,
  settings: FuseSettings = DEFAULT_FUSE,
): (ScoredArticle & { via: 'lexical' | 'semantic' | 'both' })[] {
  const fused = new Map<string, ScoredArticle & { via: 'lexical' | 'semantic' | 'both' }>();
  for (const hit of lexical) fused.set(hit.articleId, { ...hit, via: 'lexical' });
  for (const hit of semantic) {
    const score = semanticScore(hit.similarity, settings);
    const current = fused.get(hit.articleId);
    if (!current) {
      if (score > 0)
        fused.set(hit.articleId, {
          articleId: hit.articleId,
          score,
          matchedQuestion: hit.text,
          via: 'semantic',
        });
      continue;
    }
    current.via = 'both';
    if (score > current.score) {
      current.score = score;
      current.matchedQuestion = hit.text;
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
