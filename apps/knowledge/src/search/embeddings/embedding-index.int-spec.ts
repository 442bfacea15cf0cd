import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { DataSource } from 'typeorm';
import { createLogger } from '@tandem/observability';
import { appDataSourceOptions, migrate } from '@tandem/persistence';
import { createTestDatabase, dropTestDatabase, FakeOpenAiServer, uniqueId } from '@tandem/testing';
import { KNOWLEDGE_SCHEMA, knowledgeEntities, knowledgeMigrations } from '../../database';
import { DEFAULT_EMBEDDING_INDEX, EmbeddingIndex } from './embedding-index';
import { EmbeddingsClient } from './embeddings-client';

const DIMS = 64;

/** A deterministic stand-in for a model: hashed character trigrams, so paraphrases sharing words land close. */
function trigramEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMS).fill(0);
  const padded = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    let hash = 0x811c9dc5;
    for (const char of padded.slice(i, i + 3))
      hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
    vector[(hash >>> 0) % DIMS]! += (hash & 0x100) === 0 ? 1 : -1;
  }
  return vector;
}

/** In front of the fake: passes requests through, or answers 500 while `failing`. */
class FlakyProxy {
  failing = false;
  private server: Server | null = null;

  constructor(private readonly upstream: () => string) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.failing) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
          return;
        }
        void fetch(`${this.upstream()}${request.url!.replace(/^\/v1/, '')}`, {
          method: request.method,
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        }).then(async (upstream) => {
          response.writeHead(upstream.status, { 'content-type': 'application/json' });
          response.end(await upstream.text());
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('EmbeddingIndex against Postgres and a fake embeddings endpoint', () => {
  const fake = new FakeOpenAiServer(undefined, (input) => input.map(trigramEmbedding));
  const proxy = new FlakyProxy(() => fake.baseUrl);
  let databaseUrl = '';
  let dataSource: DataSource;
  let index: EmbeddingIndex;

  const article = (tenantId: string, title: string, questions: string[], locale = 'en') => ({
    tenantId,
    id: randomUUID(),
    locale,
    title,
    questions,
  });

  beforeAll(async () => {
    await fake.start();
    await proxy.start();
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema: KNOWLEDGE_SCHEMA,
        entities: knowledgeEntities,
        migrations: knowledgeMigrations,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, KNOWLEDGE_SCHEMA);
    const client = new EmbeddingsClient(new OpenAI({ baseURL: proxy.baseUrl, apiKey: 'unused' }), {
      model: 'fake-trigrams',
      timeoutMs: 1_000,
      batchSize: 4,
    });
    index = new EmbeddingIndex(dataSource, client, createLogger('embeddings-int', 'silent'), {
      ...DEFAULT_EMBEDDING_INDEX,
      indexBudgetMs: 1_500,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await proxy.stop();
    await fake.stop();
  });

  afterEach(() => {
    proxy.failing = false;
  });

  it('finds an article by a paraphrase of one of its questions, with that question', async () => {
    const tenant = uniqueId();
    const refund = article(tenant, 'Refunds for cancelled orders', [
      'How do I get my money back after cancelling?',
      'When will my refund arrive?',
    ]);
    const password = article(tenant, 'Resetting your password', [
      'I forgot my password',
      'How can I change my login password?',
    ]);
    expect(await index.indexArticle(refund)).toEqual({ embedded: 3, pending: 0 });
    expect(await index.indexArticle(password)).toEqual({ embedded: 3, pending: 0 });

    const hits = await index.nearest(tenant, 'when does my refund arrive', { limit: 5 });
    expect(hits[0]).toMatchObject({ articleId: refund.id, text: 'When will my refund arrive?' });
    expect(hits[0]!.similarity).toBeGreaterThan(0.5);
    expect(hits[0]!.similarity).toBeLessThanOrEqual(1);
    // Best text per article, one hit per article, most similar first.
    expect(new Set(hits.map((hit) => hit.articleId)).size).toBe(hits.length);
    expect(hits.map((hit) => hit.similarity)).toEqual(
      [...hits.map((hit) => hit.similarity)].sort((a, b) => b - a),
    );

    const forgot = await index.nearest(tenant, 'i forgot the password', { limit: 1 });
    expect(forgot).toEqual([
      expect.objectContaining({ articleId: password.id, text: 'I forgot my password' }),
    ]);
  });

  it('re-indexing replaces the texts, keeping the vectors of unchanged ones', async () => {
    const tenant = uniqueId();
    const shipping = article(tenant, 'Shipping times', ['How long does delivery take?']);
    await index.indexArticle(shipping);
    const before = fake.requests.length;
    await index.indexArticle({
      ...shipping,
      questions: ['How long does delivery take?', 'Do you ship to Canada?'],
    });
    // Only the new question went to the endpoint.
    const sent = fake.requests.slice(before).map((r) => (r.body as { input: string[] }).input);
    expect(sent).toEqual([['Do you ship to Canada?']]);
    const hits = await index.nearest(tenant, 'do you ship to canada', { limit: 1 });
    expect(hits[0]).toMatchObject({ articleId: shipping.id, text: 'Do you ship to Canada?' });

    await index.indexArticle({ ...shipping, questions: [] });
    const after = await index.nearest(tenant, 'do you ship to canada', { limit: 5 });
    expect(after.map((hit) => hit.text)).not.toContain('Do you ship to Canada?');
  });

  it('forgets a removed article', async () => {
    const tenant = uniqueId();
    const gift = article(tenant, 'Gift cards', ['Can I pay with a gift card?']);
    await index.indexArticle(gift);
    expect(await index.nearest(tenant, 'pay with gift card', { limit: 3 })).toHaveLength(1);
    await index.removeArticle(tenant, gift.id);
    expect(await index.nearest(tenant, 'pay with gift card', { limit: 3 })).toEqual([]);
  });

  it('never shows one tenant another tenant’s articles', async () => {
    const [a, b] = [uniqueId(), uniqueId()];
    const mine = article(a, 'Opening hours', ['When are you open on Sundays?']);
    await index.indexArticle(mine);
    await index.indexArticle(article(b, 'Opening hours', ['When are you open on Sundays?']));
    const hits = await index.nearest(a, 'are you open on sunday', { limit: 10 });
    expect(hits.map((hit) => hit.articleId)).toEqual([mine.id]);
    expect(await index.nearest(uniqueId(), 'are you open on sunday', { limit: 10 })).toEqual([]);
  });

  it('filters by locale when asked', async () => {
    const tenant = uniqueId();
    const en = article(tenant, 'Track my parcel', ['Where is my parcel?'], 'en');
    const de = article(tenant, 'Track my parcel', ['Where is my parcel?'], 'de');
    await index.indexArticle(en);
    await index.indexArticle(de);
    const only = (hits: { articleId: string }[]) => hits.map((hit) => hit.articleId).sort();
    expect(only(await index.nearest(tenant, 'where is my parcel', { limit: 5 }))).toEqual(
      [en.id, de.id].sort(),
    );
    expect(
      only(await index.nearest(tenant, 'where is my parcel', { limit: 5, locale: 'de' })),
    ).toEqual([de.id]);
  });

  it('keeps texts pending while the endpoint fails, and the sweep embeds them once it is back', async () => {
    const tenant = uniqueId();
    const warranty = article(tenant, 'Warranty claims', ['My device broke within a year']);
    proxy.failing = true;
    await expect(index.indexArticle(warranty)).resolves.toEqual({ embedded: 0, pending: 2 });
    const pending: { text: string; attempts: number; last_error: string }[] =
      await dataSource.query(
        `SELECT text, attempts, last_error FROM article_embeddings
          WHERE tenant_id = $1 AND embedding IS NULL ORDER BY position`,
        [tenant],
      );
    expect(pending.map((row) => row.text)).toEqual([
      'Warranty claims',
      'My device broke within a year',
    ]);
    expect(pending[0]!.last_error).toContain('500');
    // A query the endpoint cannot embed finds nothing rather than failing the search.
    await expect(index.nearest(tenant, 'device broke warranty', { limit: 3 })).resolves.toEqual([]);

    proxy.failing = false;
    // Other tests' tenants may have no pending rows; ours are among the oldest in the batch.
    const swept = await index.reindexPending();
    expect(swept.embedded).toBeGreaterThanOrEqual(2);
    expect(swept.failed).toBe(0);
    const hits = await index.nearest(tenant, 'my device broke', { limit: 3 });
    expect(hits[0]).toMatchObject({
      articleId: warranty.id,
      text: 'My device broke within a year',
    });
    expect(await index.reindexPending()).toEqual({ embedded: 0, rehashed: 0, failed: 0 });
  });

  it('re-hashes rows hashed with other LSH settings without calling the endpoint', async () => {
    const tenant = uniqueId();
    const returns = article(tenant, 'Returning an item', ['How do I send an item back?']);
    await index.indexArticle(returns);
    await dataSource.query(
      `UPDATE article_embeddings SET lsh = 'rh-old', bands = '{}' WHERE tenant_id = $1`,
      [tenant],
    );
    expect(await index.nearest(tenant, 'send an item back', { limit: 1 })).toEqual([]);
    const before = fake.requests.length;
    expect(await index.reindexPending()).toEqual({ embedded: 0, rehashed: 2, failed: 0 });
    expect(fake.requests.length).toBe(before);
    expect(await index.nearest(tenant, 'send an item back', { limit: 1 })).toEqual([
      expect.objectContaining({ articleId: returns.id }),
    ]);
  });

  it('does nothing without an endpoint', async () => {
    const off = new EmbeddingIndex(dataSource, null, createLogger('embeddings-int', 'silent'));
    expect(off.enabled).toBe(false);
    const tenant = uniqueId();
    expect(await off.indexArticle(article(tenant, 'Anything', ['at all']))).toEqual({
      embedded: 0,
      pending: 0,
    });
    expect(await off.nearest(tenant, 'anything', { limit: 3 })).toEqual([]);
  });
});
