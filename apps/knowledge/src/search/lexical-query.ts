import type { TermStats } from './search-index';

/** A term in at most this share of a tenant's articles is rare enough to find candidates with. */
export const RARE_SHARE = 0.05;

/**
 * Which articles a lexical query fetches as candidates, as a `simple` tsquery. Without
 * statistics (small bases), any of its terms. In a large base, an OR of every term leaves
 * Postgres ranking a third of the tenant for everyday words ("card", "order"): measured at
 * 100,000 articles, 115 ms per query against 26 ms when only the query's rare terms (in at
 * most 5 % of articles) select, with the right article still among the candidates 98 % of
 * the time (bench/search-candidates.ts, docs/search.md). With no rare term, the two
 * rarest must both match; the ranking then scores candidates against every term.
 */
export function candidateQuery(
  lookFor: readonly string[],
  queryTerms: readonly string[],
  stats: TermStats | null,
): string {
  if (!stats) return anyOf(lookFor);
  const frequency = (term: string) => stats.df.get(term) ?? 0;
  const ceiling = Math.max(1, Math.floor(stats.documents * RARE_SHARE));
  const rare = lookFor.filter((term) => frequency(term) > 0 && frequency(term) <= ceiling);
  if (rare.length > 0) return anyOf(rare);
  const known = queryTerms
    .filter((term) => frequency(term) > 0)
    .sort((a, b) => frequency(a) - frequency(b));
  if (known.length >= 2) return `${quoted(known[0]!)} & ${quoted(known[1]!)}`;
  return anyOf(lookFor);
}

export function anyOf(terms: readonly string[]): string {
  return terms.map(quoted).join(' | ');
}

function quoted(term: string): string {
  return `'${term.replace(/'/g, "''")}'`;
}
