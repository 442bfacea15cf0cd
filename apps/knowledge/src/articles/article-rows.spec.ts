import type { Article } from './article.entity';
import {
  articlesToCsv,
  articlesToMarkdown,
  exportedArticle,
  ImportFormatError,
  rowsFromCsv,
  rowsFromJson,
  validateRows,
} from './article-rows';

const article = (overrides: Partial<Article> = {}): Article =>
  ({
    id: '6f1c2a36-1d8e-4c55-9b8e-0d3f3c1b2a10',
    tenantId: 't1',
    title: '退款多久到账？',
    body: '退款会在 5–7 个工作日内原路退回，\n如有疑问请联系客服。',
    questions: ['退款多久到账', '我的退款什么时候到'],
    locale: 'zh',
    tags: ['billing', '退款'],
    topic: 'refunds',
    channelVariants: { sms: '退款 5–7 个工作日到账。' },
    status: 'published',
    source: 'written',
    sourceConversationId: null,
    sourceRef: null,
    version: 3,
    updatedBy: 'sam',
    searchText: '',
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  }) as Article;

describe('article import rows', () => {
  it('an exported CSV imports back to the same content (Chinese, line breaks, variants)', () => {
    const exported = [
      exportedArticle(article()),
      exportedArticle(
        article({
          id: '0b7d3c1e-2f4a-4b6c-8d9e-1a2b3c4d5e6f',
          title: 'Cards, "fast"',
          locale: 'en',
          tags: [],
          topic: null,
          channelVariants: {},
        }),
      ),
    ];
    const checked = validateRows(rowsFromCsv(articlesToCsv(exported)));
    expect(checked.rejected).toEqual([]);
    expect(checked.valid.map(({ value }) => value)).toEqual(
      exported.map(({ source: _source, version: _version, ...rest }) => rest),
    );
    // Rows are numbered by the line they start on: the first article's body spans two lines.
    expect(checked.valid.map(({ row }) => row)).toEqual([2, 5]);
  });

  it('reports every bad row with every reason, and keeps the good ones', () => {
    const csv = [
      'title,body,locale,questions,status',
      'Good,An answer,en,How?,draft',
      ',No title,en,,draft',
      'Bad status,Body,x,,live',
      'Also good,Another answer,zh,,',
    ].join('\n');
    const checked = validateRows(rowsFromCsv(csv));
    expect(checked.valid.map(({ row }) => row)).toEqual([2, 5]);
    expect(checked.rejected).toEqual([
      { row: 3, errors: [expect.objectContaining({ field: 'title' })] },
      {
        row: 4,
        errors: [
          expect.objectContaining({ field: 'locale' }),
          expect.objectContaining({ field: 'status' }),
        ],
      },
    ]);
  });

  it('refuses a row with the wrong number of fields and ids repeated within a file', () => {
    const id = '6f1c2a36-1d8e-4c55-9b8e-0d3f3c1b2a10';
    const checked = validateRows(
      rowsFromCsv(`id,title,body,locale\n${id},A,B,en\n${id},C,D,en\n,E,F,en,extra\n`),
    );
    expect(checked.rejected).toEqual([
      { row: 3, errors: [{ field: 'id', message: 'the same id as row 2' }] },
      { row: 4, errors: [expect.objectContaining({ field: '(row)' })] },
    ]);
  });

  it('numbers JSON rows by index and checks channel variants', () => {
    const checked = validateRows(
      rowsFromJson([
        { title: 'A', body: 'B', locale: 'en', channelVariants: { sms: 'short' } },
        { title: 'A', body: 'B', locale: 'en', channelVariants: { fax: 'x' } },
        'not an object',
      ]),
    );
    expect(checked.valid.map(({ row }) => row)).toEqual([0]);
    expect(checked.rejected.map(({ row }) => row)).toEqual([1, 2]);
  });

  it.each([
    ['no header', ''],
    ['unknown columns', 'title,body,locale,colour\n'],
    ['missing required columns', 'title,questions\n'],
    ['broken quoting', 'title,body,locale\n"A,B,en\n'],
  ])('refuses a file with %s as a whole', (_name, csv) => {
    expect(() => rowsFromCsv(csv)).toThrow(ImportFormatError);
  });

  it('a JSON import is an array', () => {
    expect(() => rowsFromJson({ title: 'A' })).toThrow(ImportFormatError);
  });

  it('renders Markdown with the questions, the answer and the channel variants', () => {
    const markdown = articlesToMarkdown([exportedArticle(article())]);
    expect(markdown).toContain('## 退款多久到账？');
    expect(markdown).toContain('- 我的退款什么时候到');
    expect(markdown).toContain('### On sms\n\n退款 5–7 个工作日到账。');
    expect(markdown).toContain('- status: published (version 3, source written)');
  });
});
