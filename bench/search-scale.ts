import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { TokenService } from '@tandem/auth';
import { terms } from '@tandem/text';
import { uniqueId } from '@tandem/testing';
import { anyOf, candidateQuery } from '../apps/knowledge/src/search/lexical-query';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { Bm25Index } from './bm25';
import { generateCorpus, type FaqArticle, type FaqQuery } from './faq-corpus';
import {
  closedLoop,
  grid,
  loadAverage,
  metric,
  numericArgs,
  openLoop,
  summarize,
  type Summary,
  table,
} from './stats';

/**
 * Search at scale: a fresh tenant with N generated FAQ articles (half English, half Chinese)
 * imported through the admin import API, then searched through `POST /v1/search`, side by
 * side with a plain in-process BM25 index over the same articles and queries.
 *
 *   npm run build && node dist/bench/search-scale.js [--articles 100000] [--queries 2000]
 *     [--concurrency 16] [--rate <per s; default half the closed-loop rate>] [--seconds 10]
 *     [--batch 5000] [--seed 1]
 */
const args = numericArgs();
const ARTICLES = args.get('articles') ?? 100_000;
const QUERIES = args.get('queries') ?? 2_000;
const CONCURRENCY = args.get('concurrency') ?? 16;
const SECONDS = args.get('seconds') ?? 10;
/** The import API takes at most 5,000 rows and 10 MB per request. */
const BATCH = args.get('batch') ?? 5_000;
const SEED = args.get('seed') ?? 1;
const LIMIT = 10;
const MB = 1024 * 1024;

// A collection before each memory reading, so the index's retained size is not hidden by garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function retainedBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

interface Accuracy {
  top1: number;
  top10: number;
}

/** Share of queries whose intended article is first / among the first ten, per group of queries. */
function accuracy(
  queries: readonly FaqQuery[],
  ranked: readonly (readonly number[] | null)[],
  filter: (query: FaqQuery) => boolean = () => true,
): Accuracy {
  let total = 0;
  let top1 = 0;
  let top10 = 0;
  queries.forEach((query, index) => {
    if (!filter(query)) return;
    total += 1;
    const found = ranked[index] ?? [];
    if (found[0] === query.article) top1 += 1;
    if (found.slice(0, 10).includes(query.article)) top10 += 1;
  });
  return { top1: (100 * top1) / total, top10: (100 * top10) / total };
}

/** Imports in sequential batches (as the CLI would send one file after another). */
async function importArticles(
  base: string,
  token: () => string,
  articles: readonly FaqArticle[],
): Promise<{ seconds: number; bytes: number; batchRates: number[] }> {
  const started = performance.now();
  const batchRates: number[] = [];
  let bytes = 0;
  for (let from = 0; from < articles.length; from += BATCH) {
    const rows = articles
      .slice(from, from + BATCH)
      .map((article) => ({ ...article, status: 'published' }));
    const body = JSON.stringify(rows);
    bytes += Buffer.byteLength(body);
    const t0 = performance.now();
    const response = await fetch(
      `${base}/v1/articles/import?mode=all-or-nothing&sourceRef=bench-search-scale`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body,
      },
    );
    const answer = (await response.json()) as { created?: number };
    if (response.status !== 200 || answer.created !== rows.length)
      throw new Error(`import answered ${response.status}: ${JSON.stringify(answer)}`);
    const rate = rows.length / ((performance.now() - t0) / 1000);
    batchRates.push(rate);
    console.log(
      `  imported ${from + rows.length}/${articles.length} (${(Buffer.byteLength(body) / MB).toFixed(1)} MB, ${rate.toFixed(0)} articles/s)`,
    );
  }
  return { seconds: (performance.now() - started) / 1000, bytes, batchRates };
}

/** Waits until the outbox relay has put every article.published event on the log. */
async function outboxDrained(pg: PgPool, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [row] = (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge.outbox`))
      .rows;
    if (row!.n === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs)
      throw new Error(`outbox still holds ${row!.n} events`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The service's candidate query (apps/knowledge/src/search/search.service.ts, lexical path):
 * the query's rare terms select, every term ranks; shown with its plan.
 */
async function explain(pg: PgPool, tenantId: string, query: string): Promise<string> {
  const queryTerms = [...new Set(terms(query))].filter((term) => /^[\p{L}\p{N}'’_-]+$/u.test(term));
  const frequencies = await pg.query<{ term: string; df: number }>(
    `SELECT term, count(*)::int AS df
       FROM knowledge.articles, unnest(tsvector_to_array(search_vector)) AS term
      WHERE tenant_id = $1 AND status = 'published' AND term = ANY($2)
      GROUP BY term`,
    [tenantId, queryTerms],
  );
  const [{ documents }] = (
    await pg.query<{ documents: number }>(
      `SELECT count(*)::int AS documents FROM knowledge.articles
        WHERE tenant_id = $1 AND status = 'published'`,
      [tenantId],
    )
  ).rows as [{ documents: number }];
  const stats = {
    documents,
    df: new Map(frequencies.rows.map(({ term, df }) => [term, df])),
    computedAt: Date.now(),
  };
  const candidates = candidateQuery(queryTerms, queryTerms, stats);
  const { rows } = await pg.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS)
     SELECT id, version, title, body, locale, questions, channel_variants
       FROM knowledge.articles, to_tsquery('simple', $4) AS candidates
      WHERE tenant_id = $1 AND status = 'published' AND ($2::text IS NULL OR locale = $2)
        AND search_vector @@ candidates
      ORDER BY ts_rank(search_vector, to_tsquery('simple', $3)) DESC
      LIMIT 30`,
    [tenantId, null, anyOf(queryTerms), candidates],
  );
  return [`  ${query}  →  ${candidates}`, ...rows.map((row) => `    ${row['QUERY PLAN']}`)].join(
    '\n',
  );
}

/**
 * The baseline index, built in its own frame so that nothing but the index outlives it (the
 * term lists would otherwise count in the retained size). Term extraction (`terms()`, the
 * same segmentation the app stores) is timed apart from building the postings.
 */
function buildBm25(articles: readonly FaqArticle[]): {
  index: Bm25Index;
  termSeconds: number;
  buildSeconds: number;
} {
  let t0 = performance.now();
  const documents = articles.map((article) => [article.title, ...article.questions].flatMap(terms));
  const termSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const index = Bm25Index.build(documents);
  return { index, termSeconds, buildSeconds: (performance.now() - t0) / 1000 };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

async function main(): Promise<void> {
  console.log(
    `search at scale: ${ARTICLES} articles (half en, half zh), ${QUERIES} queries, concurrency ${CONCURRENCY}, seed ${SEED}; load average ${loadAverage()} on ${availableParallelism()} CPUs`,
  );
  let t0 = performance.now();
  const corpus = generateCorpus(ARTICLES, QUERIES, SEED);
  const titleIndex = new Map(corpus.articles.map((article, index) => [article.title, index]));
  if (titleIndex.size !== corpus.articles.length) throw new Error('titles are not unique');
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; examples:`);
  for (const query of corpus.queries.slice(0, 6))
    console.log(`  [${query.kind}] ${query.text}  ⇒  ${corpus.articles[query.article]!.title}`);

  const platform = new PlatformUnderTest({ DATABASE_POOL_SIZE: '20' }, ['knowledge'], {
    tap: false,
  });
  await platform.start();
  const pg = new PgPool({ connectionString: platform.databaseUrl, max: 2 });
  const http = new Pool(platform.url('knowledge'), {
    connections: CONCURRENCY,
    keepAliveTimeout: 30_000,
  });
  try {
    // A fresh tenant of its own (the harness's tenant holds the demo articles).
    const tenantId = uniqueId('t-scale-');
    const tokens = new TokenService({ secret: platform.jwtSecret, issuer: 'tandem' });
    const token = (role: 'admin' | 'agent') => () =>
      tokens.issueAccess({ subject: `bench-${role}`, tenantId, role, name: `Bench ${role}` });
    const base = platform.url('knowledge');

    // 1. Import.
    console.log(`importing in batches of ${BATCH}…`);
    const imported = await importArticles(base, token('admin'), corpus.articles);
    const drainSeconds = await outboxDrained(pg, 30 * 60_000);
    t0 = performance.now();
    await pg.query(`VACUUM (ANALYZE) knowledge.articles`);
    const vacuumSeconds = (performance.now() - t0) / 1000;
    const importRate = ARTICLES / imported.seconds;
    const endToEndRate = ARTICLES / (imported.seconds + drainSeconds + vacuumSeconds);
    console.log(
      `import: ${imported.seconds.toFixed(1)} s through the API (${importRate.toFixed(0)}/s), outbox drained ${drainSeconds.toFixed(1)} s later, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s`,
    );
    const [size] = (
      await pg.query<Record<string, string>>(
        `SELECT pg_total_relation_size('knowledge.articles') AS total,
                pg_relation_size('knowledge.articles') AS heap,
                pg_indexes_size('knowledge.articles') AS indexes,
                pg_relation_size('knowledge.articles_search') AS gin,
                pg_total_relation_size('knowledge.article_versions') AS versions,
                (SELECT sum(pg_column_size(a.*)) FROM knowledge.articles a WHERE tenant_id = $1) AS tenant_rows,
                (SELECT count(*) FROM knowledge.articles WHERE tenant_id = $1) AS tenant_count,
                (SELECT count(*) FROM knowledge.articles) AS all_count`,
        [tenantId],
      )
    ).rows;
    const mb = (key: string) => (Number(size![key]) / MB).toFixed(1);

    // 2. Search through HTTP.
    const agent = token('agent');
    const found: (number[] | null)[] = new Array<number[] | null>(QUERIES).fill(null);
    let authorization = `Bearer ${agent()}`;
    const send =
      (record: boolean) =>
      async (index: number): Promise<boolean> => {
        const query = corpus.queries[index % QUERIES]!;
        const response = await http.request({
          path: '/v1/search',
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ query: query.text, limit: LIMIT }),
        });
        if (response.statusCode !== 200) {
          await response.body.dump();
          return false;
        }
        const { hits } = (await response.body.json()) as { hits: { title: string }[] };
        if (record) found[index] = hits.map((hit) => titleIndex.get(hit.title) ?? -1);
        return true;
      };
    const serverCpu = async <T extends Summary>(run: () => Promise<T>): Promise<T> => {
      const before = await metric(base, 'process_cpu_seconds_total');
      const summary = await run();
      const after = await metric(base, 'process_cpu_seconds_total');
      return {
        ...summary,
        serverCpuMs: ((after - before) * 1000) / (summary.count + summary.errors),
      };
    };
    console.log(`searching through HTTP… (load average ${loadAverage()})`);
    await closedLoop(Math.min(QUERIES, 300), CONCURRENCY, send(false));
    authorization = `Bearer ${agent()}`;
    const closed = await serverCpu(() => closedLoop(QUERIES, CONCURRENCY, send(true)));
    console.log(
      `  closed loop: ${closed.perSecond.toFixed(0)} q/s, p50 ${closed.p50.toFixed(1)} ms, p99 ${closed.p99.toFixed(1)} ms`,
    );
    const rate = args.get('rate') ?? Math.max(1, Math.round(closed.perSecond / 2));
    authorization = `Bearer ${agent()}`;
    const open = await serverCpu(() => openLoop(rate, SECONDS, send(false)));
    const knowledgeRss = await metric(base, 'process_resident_memory_bytes');
    const plans = [
      await explain(pg, tenantId, corpus.queries.find((query) => query.locale === 'en')!.text),
      await explain(pg, tenantId, corpus.queries.find((query) => query.locale === 'zh')!.text),
    ];

    // 3. The in-process BM25 baseline, while the app is idle.
    console.log(`building BM25… (load average ${loadAverage()})`);
    const rssBefore = process.memoryUsage().rss;
    const retainedBefore = retainedBytes();
    const { index, termSeconds, buildSeconds } = buildBm25(corpus.articles);
    const rssAfter = process.memoryUsage().rss;
    const retainedIndex = retainedBytes() - retainedBefore;
    for (const query of corpus.queries.slice(0, 300)) index.search(terms(query.text), LIMIT);
    const bm25Found: number[][] = [];
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const query of corpus.queries) {
      const q0 = performance.now();
      bm25Found.push(index.search(terms(query.text), LIMIT));
      latencies.push(performance.now() - q0);
    }
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const bm25: Summary = {
      ...summarize(latencies, 0, elapsed),
      clientCpuMs: (used.user + used.system) / 1000 / QUERIES,
    };

    // 4. Figures.
    const httpName = 'HTTP /v1/search';
    const bm25Name = 'BM25 in-process';
    console.log('');
    console.log(
      table(
        `Search over ${ARTICLES} articles: HTTP closed loop (${CONCURRENCY} in flight) vs in-process BM25 (one thread)`,
        { [httpName]: closed, [bm25Name]: bm25 },
        { unit: 'queries', one: 'query', server: 'app' },
      ),
    );
    console.log('');
    console.log(
      table(
        `HTTP at a fixed ${rate}/s for ${SECONDS} s (open loop, latency from when due)`,
        { [httpName]: open },
        { unit: 'queries', one: 'query', server: 'app' },
      ),
    );
    console.log('');
    const groups: [string, (query: FaqQuery) => boolean][] = [
      ['all', () => true],
      ['English', (query) => query.locale === 'en'],
      ['Chinese', (query) => query.locale === 'zh'],
      ['paraphrased', (query) => query.kind === 'paraphrase'],
      ['unseen wording', (query) => query.kind === 'unseen'],
    ];
    const count = (filter: (query: FaqQuery) => boolean) => corpus.queries.filter(filter).length;
    console.log(
      grid(
        `Accuracy: the intended article first / in the top 10 (%)`,
        [httpName, bm25Name],
        groups.map(([label, filter]) => {
          const http1 = accuracy(corpus.queries, found, filter);
          const bm1 = accuracy(corpus.queries, bm25Found, filter);
          return [
            `${label} (${count(filter)})`,
            [
              `${fixed(http1.top1)} / ${fixed(http1.top10)}`,
              `${fixed(bm1.top1)} / ${fixed(bm1.top10)}`,
            ],
          ] as const;
        }),
      ),
    );
    console.log('');
    console.log(
      grid(
        `Building the index of ${ARTICLES} articles, and what it takes`,
        ['Postgres (import API)', bm25Name],
        [
          [
            'articles / s',
            [
              `${importRate.toFixed(0)} (API)`,
              `${(ARTICLES / buildSeconds).toFixed(0)} (postings)`,
            ],
          ],
          [
            'articles / s end to end',
            [`${endToEndRate.toFixed(0)}`, (ARTICLES / (termSeconds + buildSeconds)).toFixed(0)],
          ],
          [
            'seconds',
            [
              `${fixed(imported.seconds)}+${fixed(drainSeconds)}+${fixed(vacuumSeconds)}`,
              `${fixed(termSeconds)}+${fixed(buildSeconds, 2)}`,
            ],
          ],
          [
            'batch rate first / last',
            [
              `${fixed(imported.batchRates[0] ?? NaN, 0)} / ${fixed(imported.batchRates.at(-1) ?? NaN, 0)}`,
              '-',
            ],
          ],
          ['import body MB', [fixed(imported.bytes / MB), '-']],
          ['terms in the index', ['-', String(index.termCount)]],
          [
            'process RSS MB',
            [
              `${fixed(knowledgeRss / MB)} (app)`,
              `${fixed(rssAfter / MB)} (+${fixed((rssAfter - rssBefore) / MB)})`,
            ],
          ],
          ['index retained (heap) MB', ['-', fixed(retainedIndex / MB)]],
          ['articles table+index MB', [mb('total'), '-']],
          ['  heap / all indexes MB', [`${mb('heap')} / ${mb('indexes')}`, '-']],
          ['  GIN (search_vector) MB', [mb('gin'), '-']],
          ['  tenant rows MB', [mb('tenant_rows'), '-']],
          ['article_versions MB', [mb('versions'), '-']],
          [
            'rows: tenant / table',
            [`${size!.tenant_count} / ${size!.all_count}`, String(ARTICLES)],
          ],
        ],
      ),
    );
    console.log('');
    console.log(`load average at the end: ${loadAverage()}`);
    console.log('Candidate query plans (the service SQL, EXPLAIN ANALYZE after the run):');
    for (const plan of plans) console.log(plan);
  } finally {
    await http.close();
    await pg.end();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
