import 'reflect-metadata';
import { Client } from 'pg';
import { terms } from '@tandem/text';
import { createTestDatabase, dropTestDatabase, uniqueId } from '@tandem/testing';
import { searchTextOf } from '../apps/knowledge/src/articles/articles.service';
import { migrateAll } from '../scripts/migrate';
import { generateCorpus } from './faq-corpus';
import { grid, numericArgs, percentile } from './stats';

/**
 * Where the Postgres search path spends its time at scale: the knowledge service's candidate
 * query (apps/knowledge/src/search/search.service.ts) against variants, on the articles and
 * queries of bench/search-scale.ts, loaded straight into a fresh database (no API, no app).
 * One connection, one query at a time: the figures are the database's own cost per query.
 *
 *   npm run build && node dist/bench/search-candidates.js [--articles 100000] [--queries 300] [--rare 0.05]
 */
const args = numericArgs();
const ARTICLES = args.get('articles') ?? 100_000;
const QUERIES = args.get('queries') ?? 300;
/** A term in more than this share of the tenant's articles is left out of the candidate query. */
const RARE = args.get('rare') ?? 0.05;
const SEED = args.get('seed') ?? 1;
const CANDIDATES = 30;

const SERVICE_SQL = (order: string) => `
  SELECT title FROM knowledge.articles, to_tsquery('simple', $2) AS query
   WHERE tenant_id = $1 AND status = 'published' AND search_vector @@ query
   ${order}
   LIMIT ${CANDIDATES}`;

function tsquery(queryTerms: readonly string[]): string {
  return queryTerms.map((term) => `'${term.replace(/'/g, "''")}'`).join(' | ');
}

async function main(): Promise<void> {
  const corpus = generateCorpus(ARTICLES, QUERIES, SEED);
  const url = await createTestDatabase();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await migrateAll(url, () => undefined);
    const tenantId = uniqueId('t-cand-');
    const started = performance.now();
    for (let from = 0; from < ARTICLES; from += 5_000) {
      const batch = corpus.articles.slice(from, from + 5_000);
      await client.query(
        `INSERT INTO knowledge.articles
           (tenant_id, title, body, questions, locale, status, source, search_text, version, updated_by)
         SELECT $1, title, body, string_to_array(questions, E'\\n'), locale, 'published', 'imported', search_text, 1, 'bench'
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
             AS rows (title, body, questions, locale, search_text)`,
        [
          tenantId,
          batch.map((article) => article.title),
          batch.map((article) => article.body),
          batch.map((article) => article.questions.join('\n')),
          batch.map((article) => article.locale),
          batch.map((article) => searchTextOf(article.title, article.questions)),
        ],
      );
    }
    await client.query(`VACUUM (ANALYZE) knowledge.articles`);
    console.log(
      `${ARTICLES} articles loaded by SQL in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const df = new Map(
      (
        await client.query<{ word: string; ndoc: number }>(
          `SELECT word, ndoc FROM ts_stat($$SELECT search_vector FROM knowledge.articles WHERE tenant_id = '${tenantId}'$$)`,
        )
      ).rows.map((row) => [row.word, row.ndoc]),
    );

    const ranked = async (narrow: string, full: string): Promise<string[]> =>
      (
        await client.query<{ title: string }>(
          `SELECT title FROM knowledge.articles,
                  to_tsquery('simple', $2) AS narrow, to_tsquery('simple', $3) AS query
            WHERE tenant_id = $1 AND status = 'published' AND search_vector @@ narrow
            ORDER BY ts_rank(search_vector, query) DESC
            LIMIT ${CANDIDATES}`,
          [tenantId, narrow, full],
        )
      ).rows.map((row) => row.title);
    const rare = (queryTerms: string[]) => {
      const kept = queryTerms.filter((term) => (df.get(term) ?? 0) <= RARE * ARTICLES);
      if (kept.length > 0) return kept;
      return [...queryTerms].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0)).slice(0, 3);
    };
    const byDf = (queryTerms: string[]) =>
      queryTerms.filter((term) => (df.get(term) ?? 0) > 0).sort((a, b) => df.get(a)! - df.get(b)!);
    /** Each variant: the tsquery whose matches it reads, and how it finds the 30 candidates. */
    interface Variant {
      name: string;
      matches: (queryTerms: string[]) => string;
      run: (queryTerms: string[]) => Promise<string[]>;
    }
    const variants: Variant[] = [
      {
        name: 'service (OR, ts_rank)',
        matches: tsquery,
        run: (t) => ranked(tsquery(t), tsquery(t)),
      },
      {
        name: 'OR, unranked (floor)',
        matches: tsquery,
        run: async (t) =>
          (await client.query<{ title: string }>(SERVICE_SQL(''), [tenantId, tsquery(t)])).rows.map(
            (row) => row.title,
          ),
      },
      {
        name: `OR of terms ≤ ${RARE * 100} % df`,
        matches: (t) => tsquery(rare(t)),
        run: (t) => ranked(tsquery(rare(t)), tsquery(t)),
      },
      {
        name: '2 rarest AND, else OR',
        matches: (t) => byDf(t).slice(0, 2).join(' & ') || tsquery(t),
        run: async (t) => {
          const rarest = byDf(t).slice(0, 2);
          if (rarest.length === 2) {
            const found = await ranked(
              rarest.map((term) => `'${term.replace(/'/g, "''")}'`).join(' & '),
              tsquery(t),
            );
            if (found.length === CANDIDATES) return found;
          }
          return ranked(tsquery(t), tsquery(t));
        },
      },
    ];
    const columns: string[] = [];
    const cells: string[][] = [[], [], [], [], []];
    for (const variant of variants) {
      const latencies: number[] = [];
      let matched = 0;
      let recalled = 0;
      for (const query of corpus.queries) {
        const queryTerms = [...new Set(terms(query.text))].filter((term) =>
          /^[\p{L}\p{N}'’_-]+$/u.test(term),
        );
        if (queryTerms.length === 0) continue;
        const t0 = performance.now();
        const titles = await variant.run(queryTerms);
        latencies.push(performance.now() - t0);
        if (titles.includes(corpus.articles[query.article]!.title)) recalled++;
        const [count] = (
          await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM knowledge.articles
              WHERE tenant_id = $1 AND search_vector @@ to_tsquery('simple', $2)`,
            [tenantId, variant.matches(queryTerms)],
          )
        ).rows;
        matched += count!.n;
      }
      latencies.sort((a, b) => a - b);
      columns.push(variant.name);
      cells[0]!.push(percentile(latencies, 50).toFixed(2));
      cells[1]!.push(percentile(latencies, 99).toFixed(2));
      cells[2]!.push((1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length)).toFixed(1));
      cells[3]!.push(((100 * matched) / latencies.length / ARTICLES).toFixed(1));
      cells[4]!.push(((100 * recalled) / latencies.length).toFixed(1));
    }
    console.log(
      grid(
        `Candidate query over ${ARTICLES} articles, ${QUERIES} queries, one connection`,
        columns,
        [
          ['p50 ms', cells[0]!],
          ['p99 ms', cells[1]!],
          ['queries / s (1 connection)', cells[2]!],
          ['articles matched, mean %', cells[3]!],
          ['intended article in the 30 %', cells[4]!],
        ],
      ),
    );
  } finally {
    await client.end();
    await dropTestDatabase(url);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
