import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TokenService, type Role } from '@tandem/auth';
import { eventually, REPO_ROOT } from '@tandem/testing';
import { parseCsv } from '../apps/knowledge/src/articles/csv';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface ArticleBody {
  id: string;
  title: string;
  body: string;
  status: string;
  source: string;
  version: number;
  tags: string[];
}
interface Problem {
  code: string;
  rows?: { row: number; errors: { field: string; message: string }[] }[];
}

/** The article lifecycle through the admin API, as the bot's search and the log see it. */
describe('articles: review, publish, versions, retire, import and export', () => {
  const platform = new PlatformUnderTest({}, ['knowledge']);
  const token: Record<'agent' | 'supervisor' | 'admin', string> = {
    agent: '',
    supervisor: '',
    admin: '',
  };
  let articleId = '';

  beforeAll(async () => {
    await platform.start();
    const tokens = new TokenService({ secret: platform.jwtSecret, issuer: 'tandem' });
    for (const role of ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[])
      token[role] = tokens.issueAccess({
        subject: `${role}-1`,
        tenantId: platform.tenantId,
        role,
      });
  }, 120_000);
  afterAll(() => platform.stop());

  async function http(
    method: string,
    path: string,
    as: keyof typeof token,
    options: { json?: unknown; text?: string; type?: string; ifMatch?: string } = {},
  ): Promise<{ status: number; etag: string | null; text: string; body: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token[as]}` };
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = options.type ?? 'text/csv';
      body = options.text;
    }
    const response = await fetch(`${platform.url('knowledge')}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, etag: response.headers.get('etag'), text, body: parsed };
  }

  async function searchIds(query: string): Promise<string[]> {
    const found = await http('POST', '/v1/search', 'agent', { json: { query } });
    expect(found.status).toBe(200);
    return (found.body as { hits: { articleId: string }[] }).hits.map((hit) => hit.articleId);
  }

  it('a supervisor writes a draft that agents and the bot cannot see yet', async () => {
    const created = await http('POST', '/v1/articles', 'supervisor', {
      json: {
        title: 'How do I freeze my card?',
        body: 'Open the app, go to Card > Freeze. Unfreeze the same way.',
        questions: ['How do I freeze my card?', '怎么冻结我的卡'],
        locale: 'en',
        tags: ['cards', 'security'],
        topic: 'cards',
        channelVariants: { sms: 'App > Card > Freeze.' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    const article = created.body as ArticleBody;
    expect(article).toMatchObject({ status: 'draft', source: 'written', version: 1 });
    articleId = article.id;

    expect((await http('GET', `/v1/articles/${articleId}`, 'agent')).body).toMatchObject({
      code: 'KNOWLEDGE.ARTICLE_NOT_FOUND',
    });
    expect((await http('GET', `/v1/articles/${articleId}`, 'supervisor')).status).toBe(200);
    const agentList = (await http('GET', '/v1/articles?tag=cards', 'agent')).body as {
      articles: ArticleBody[];
    };
    expect(agentList.articles.map((a) => a.id)).not.toContain(articleId);
    const supervisorList = (await http('GET', '/v1/articles?tag=cards&q=freeze', 'supervisor'))
      .body as { articles: ArticleBody[] };
    expect(supervisorList.articles.map((a) => a.id)).toEqual([articleId]);
    expect(await searchIds('freeze my card')).not.toContain(articleId);
  });

  it('refuses what a role may not do and steps the workflow does not allow', async () => {
    const byAgent = await http('POST', '/v1/articles', 'agent', {
      json: { title: 'x', body: 'y', locale: 'en' },
    });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect((await http('POST', `/v1/articles/${articleId}/publish`, 'agent')).status).toBe(403);
    expect((await http('GET', '/v1/articles/export', 'supervisor')).status).toBe(403);
    expect((await http('POST', '/v1/articles/import', 'supervisor', { json: [] })).status).toBe(
      403,
    );

    const skipReview = await http('POST', `/v1/articles/${articleId}/publish`, 'supervisor');
    expect(skipReview.status).toBe(409);
    expect(skipReview.body).toMatchObject({
      code: 'KNOWLEDGE.INVALID_TRANSITION',
      currentStatus: 'draft',
    });
  });

  it('review and publish: the event is on the log and search serves it at once', async () => {
    const submitted = await http('POST', `/v1/articles/${articleId}/submit`, 'supervisor');
    expect(submitted.body).toMatchObject({ status: 'in_review' });
    const published = await http('POST', `/v1/articles/${articleId}/publish`, 'supervisor', {
      ifMatch: '"1"',
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published' });
    expect(await searchIds('how do I freeze my card')).toContain(articleId);
    expect(await searchIds('怎么冻结我的卡')).toContain(articleId);
    const event = await eventually(() => {
      const [found] = platform.eventsOf('article.published', articleId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.payload).toMatchObject({ articleId, version: 1, actor: 'supervisor-1' });
    expect((await http('GET', `/v1/articles/${articleId}`, 'agent')).status).toBe(200);
  });

  it('an edit needs the version it was made on and becomes a new version; rollback restores content as another', async () => {
    const blind = await http('PATCH', `/v1/articles/${articleId}`, 'supervisor', {
      json: { body: 'No version given.' },
    });
    expect(blind.status).toBe(428);
    expect(blind.body).toMatchObject({ code: 'KNOWLEDGE.VERSION_REQUIRED' });

    const edited = await http('PATCH', `/v1/articles/${articleId}`, 'supervisor', {
      json: { body: 'Card > Freeze in the app; it takes effect at once.' },
      ifMatch: '"1"',
    });
    expect(edited.status).toBe(200);
    expect(edited.etag).toBe('"2"');
    expect(edited.body).toMatchObject({ version: 2, status: 'published' });

    // A second supervisor who loaded version 1 does not overwrite the first one's edit.
    const stale = await http('PATCH', `/v1/articles/${articleId}`, 'supervisor', {
      json: { body: 'Overwrite' },
      ifMatch: '"1"',
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'KNOWLEDGE.VERSION_CONFLICT', currentVersion: 2 });

    const answer = await http('POST', '/v1/search', 'agent', { json: { query: 'freeze my card' } });
    expect((answer.body as { hits: { answer: string }[] }).hits[0]!.answer).toContain(
      'takes effect at once',
    );

    const rolledBack = await http('POST', `/v1/articles/${articleId}/rollback`, 'supervisor', {
      json: { version: 1 },
      ifMatch: '"2"',
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({
      version: 3,
      body: 'Open the app, go to Card > Freeze. Unfreeze the same way.',
    });
    const missing = await http('POST', `/v1/articles/${articleId}/rollback`, 'supervisor', {
      json: { version: 99 },
      ifMatch: '"3"',
    });
    expect(missing.body).toMatchObject({ code: 'KNOWLEDGE.VERSION_NOT_FOUND' });

    const history = (await http('GET', `/v1/articles/${articleId}/versions`, 'supervisor'))
      .body as {
      versions: { version: number; change: string; actor: string; rolledBackFrom: number | null }[];
    };
    expect(
      history.versions.map(({ version, change, rolledBackFrom }) => [
        version,
        change,
        rolledBackFrom,
      ]),
    ).toEqual([
      [3, 'rolled_back', 1],
      [2, 'updated', null],
      [1, 'created', null],
    ]);
    expect(history.versions[0]!.actor).toBe('supervisor-1');
    expect((await http('GET', `/v1/articles/${articleId}/versions`, 'agent')).status).toBe(403);

    // Two supervisors save at the same moment on the same version: one wins, one is told.
    const racing = await Promise.all(
      ['First editor', 'Second editor'].map((body) =>
        http('PATCH', `/v1/articles/${articleId}`, 'supervisor', {
          json: { body },
          ifMatch: '"3"',
        }),
      ),
    );
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 412]);

    // Each change to the published article's content is on the log, with its version.
    await eventually(() =>
      expect(
        platform.eventsOf('article.published', articleId).map((event) => event.payload.version),
      ).toEqual([1, 2, 3, 4]),
    );
  });

  it('retiring takes it out of search and tells the log; it can come back as a draft', async () => {
    const retired = await http('POST', `/v1/articles/${articleId}/retire`, 'supervisor');
    expect(retired.body).toMatchObject({ status: 'retired' });
    expect(await searchIds('how do I freeze my card')).not.toContain(articleId);
    const event = await eventually(() => {
      const [found] = platform.eventsOf('article.retired', articleId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.payload).toMatchObject({ articleId, version: 4 });
    expect((await http('POST', `/v1/articles/${articleId}/retire`, 'supervisor')).status).toBe(409);
    expect(
      (await http('POST', `/v1/articles/${articleId}/reopen`, 'supervisor')).body,
    ).toMatchObject({ status: 'draft' });
  });

  it('a reviewer rejects a draft, or merges it into the article that already covers it', async () => {
    const create = async (title: string, questions: string[]) =>
      (
        (
          await http('POST', '/v1/articles', 'supervisor', {
            json: { title, body: 'Draft answer.', questions, locale: 'en' },
          })
        ).body as ArticleBody
      ).id;
    const unwanted = await create('Best pizza in town?', ['Where can I eat pizza?']);
    const rejected = await http('POST', `/v1/articles/${unwanted}/reject`, 'supervisor');
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect((await http('POST', `/v1/articles/${unwanted}/publish`, 'supervisor')).status).toBe(409);
    expect(
      (await http('GET', '/v1/articles?status=rejected', 'supervisor')).body as {
        articles: ArticleBody[];
      },
    ).toMatchObject({ articles: [{ id: unwanted }] });

    const published = (
      (await http('GET', '/v1/articles?status=published', 'supervisor')).body as {
        articles: (ArticleBody & { questions: string[] })[];
      }
    ).articles.find((article) => article.title === 'How long does a refund take?')!;
    const duplicate = await create('Refund timing', ['How many days until my refund shows up?']);
    const toSelf = await http('POST', `/v1/articles/${duplicate}/merge`, 'supervisor', {
      json: { into: duplicate },
    });
    expect(toSelf.body).toMatchObject({ code: 'KNOWLEDGE.MERGE_INTO_SELF' });
    expect(
      (
        await http('POST', `/v1/articles/${duplicate}/merge`, 'supervisor', {
          json: { into: unwanted },
        })
      ).body,
    ).toMatchObject({ code: 'KNOWLEDGE.MERGE_TARGET_REJECTED' });
    const merged = await http('POST', `/v1/articles/${duplicate}/merge`, 'supervisor', {
      json: { into: published.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      merged: { id: duplicate, status: 'rejected', mergedInto: published.id },
      into: {
        id: published.id,
        status: 'published',
        version: published.version + 1,
        questions: [
          ...published.questions,
          'Refund timing',
          'How many days until my refund shows up?',
        ],
      },
    });
    await eventually(() =>
      expect(
        platform.eventsOf('article.published', published.id).map((e) => e.payload.version),
      ).toContain(published.version + 1),
    );
    expect(await searchIds('How many days until my refund shows up?')).toContain(published.id);
    const again = await http('POST', `/v1/articles/${duplicate}/merge`, 'supervisor', {
      json: { into: published.id },
    });
    expect(again.body).toMatchObject({ code: 'KNOWLEDGE.INVALID_TRANSITION' });
    expect(
      (
        await http('POST', `/v1/articles/${unwanted}/merge`, 'agent', {
          json: { into: published.id },
        })
      ).status,
    ).toBe(403);
  });

  const badCsv = [
    'title,body,locale,questions,tags,status',
    '"Lost card","Freeze it in the app, then order a new one.",en,"I lost my card\nMy card was stolen",cards,published',
    ',No title here,en,,,draft',
    '"遗失银行卡","请在应用中冻结卡片，然后补办新卡。",zh,"我的卡丢了",cards;挂失,draft',
    'Bad locale and status,Body,x,,,live',
  ].join('\r\n');

  it('an import with bad rows reports every one and, by default, imports nothing', async () => {
    const before = (await http('GET', '/v1/articles', 'admin')).body as { articles: unknown[] };
    const refused = await http('POST', '/v1/articles/import', 'admin', { text: badCsv });
    expect(refused.status).toBe(422);
    const problem = refused.body as Problem;
    expect(problem.code).toBe('KNOWLEDGE.IMPORT_INVALID');
    expect(problem.rows!.map((row) => row.row)).toEqual([4, 6]);
    expect(problem.rows![1]!.errors.map((error) => error.field)).toEqual(['locale', 'status']);
    const after = (await http('GET', '/v1/articles', 'admin')).body as { articles: unknown[] };
    expect(after.articles).toHaveLength(before.articles.length);

    const malformed = await http('POST', '/v1/articles/import', 'admin', {
      text: 'title,body,locale\n"never closed',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'KNOWLEDGE.IMPORT_MALFORMED' });
    const wrongType = await http('POST', '/v1/articles/import', 'admin', {
      text: 'x',
      type: 'text/plain',
    });
    expect(wrongType.body).toMatchObject({ code: 'KNOWLEDGE.IMPORT_UNSUPPORTED_TYPE' });
  });

  it('valid-only imports the good rows; a published one is announced and searchable', async () => {
    const imported = await http('POST', '/v1/articles/import?mode=valid-only', 'admin', {
      text: badCsv,
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 2, updated: 0, dryRun: false });
    expect((imported.body as { rejected: { row: number }[] }).rejected.map((r) => r.row)).toEqual([
      4, 6,
    ]);
    const chinese = (
      (await http('GET', `/v1/articles?tag=${encodeURIComponent('挂失')}`, 'supervisor')).body as {
        articles: ArticleBody[];
      }
    ).articles;
    expect(chinese).toHaveLength(1);
    expect(chinese[0]).toMatchObject({ title: '遗失银行卡', source: 'imported', status: 'draft' });
    const lost = (
      (await http('GET', '/v1/articles?q=Lost%20card&status=published', 'supervisor')).body as {
        articles: ArticleBody[];
      }
    ).articles;
    expect(lost).toHaveLength(1);
    expect(await searchIds('I lost my card')).toContain(lost[0]!.id);
    await eventually(() =>
      expect(platform.eventsOf('article.published', lost[0]!.id)).toHaveLength(1),
    );
  });

  it('an export imports back unchanged, as CSV and as JSON', async () => {
    const csv = await http('GET', '/v1/articles/export?format=csv', 'admin');
    expect(csv.status).toBe(200);
    const records = parseCsv(csv.text);
    const count = records.length - 1;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(csv.text).toContain('遗失银行卡');
    const again = await http('POST', '/v1/articles/import', 'admin', { text: csv.text });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: count, rejected: [] });

    const json = await http('GET', '/v1/articles/export?format=json', 'admin');
    const { articles } = json.body as { articles: ArticleBody[] };
    expect(articles).toHaveLength(count);
    const edited = articles.map((article) =>
      article.id === articleId ? { ...article, body: 'Changed by import.' } : article,
    );
    const fromJson = await http('POST', '/v1/articles/import', 'admin', { json: edited });
    expect(fromJson.body).toMatchObject({ created: 0, updated: 1, unchanged: count - 1 });
    const history = (await http('GET', `/v1/articles/${articleId}/versions`, 'admin')).body as {
      versions: { version: number; change: string }[];
    };
    expect(history.versions[0]).toMatchObject({ version: 5, change: 'imported' });

    const markdown = await http('GET', '/v1/articles/export?format=markdown&tag=cards', 'admin');
    expect(markdown.text).toContain('## 遗失银行卡');
    expect(markdown.text).toContain('### Similar questions');
  });

  it('the CLI imports a file (every bad row listed, nothing written) and exports one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'articles-cli-'));
    const file = join(dir, 'faq.csv');
    writeFileSync(
      file,
      '\uFEFFtitle,body,locale,questions\r\n' +
        '开具发票,"在订单详情页点击“申请发票”，\r\n发票会发送到您的邮箱。",zh,"怎么开发票\n如何申请发票"\r\n' +
        'No body,,en,\r\n',
    );
    const cli = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [
          join(REPO_ROOT, 'dist', 'scripts', 'articles.js'),
          ...args,
          '--url',
          platform.url('knowledge'),
          '--token',
          token.admin,
        ],
        { cwd: REPO_ROOT },
      ).then(
        (done) => ({ code: 0, ...done }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    const refused = await cli('import', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 5: body:');
    const invoices = () =>
      http('GET', `/v1/articles?q=${encodeURIComponent('发票')}`, 'supervisor').then(
        (found) => (found.body as { articles: ArticleBody[] }).articles,
      );
    expect(await invoices()).toEqual([]);

    const partial = await cli('import', file, '--mode', 'valid-only');
    expect(partial.stdout).toContain('1 created');
    expect(partial.code).toBe(1); // a row was still rejected
    const [invoice] = await invoices();
    expect(invoice).toMatchObject({ title: '开具发票', source: 'imported', sourceRef: file });

    const out = join(dir, 'export.csv');
    const exported = await cli('export', '--format', 'csv', '--out', out);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('发票会发送到您的邮箱');
  });
});
