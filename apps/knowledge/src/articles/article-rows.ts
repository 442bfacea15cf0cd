import { z } from 'zod';
import { channelTypeSchema } from '@tandem/contracts';
import { ARTICLE_STATUSES, type Article } from './article.entity';
import { CsvSyntaxError, parseCsv, writeCsv } from './csv';

/** The largest import body; larger ones answer 413 REQUEST.TOO_LARGE. */
export const IMPORT_BODY_LIMIT = '10mb';

/** What an article says: created, edited, versioned and imported with one schema. */
export const articleContentSchema = z.object({
  title: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(20_000),
  questions: z.array(z.string().trim().min(1).max(500)).max(200).default([]),
  locale: z.string().trim().min(2).max(16),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  topic: z.string().trim().min(1).max(200).nullable().default(null),
  channelVariants: z
    .partialRecord(channelTypeSchema, z.string().trim().min(1).max(20_000))
    .default({}),
});
export type ArticleContent = z.infer<typeof articleContentSchema>;

/** One article of an import: new (no id) or new content for an article of the tenant (its id). */
export const importRowSchema = articleContentSchema.extend({
  id: z.guid().optional(),
  status: z.enum(ARTICLE_STATUSES).default('draft'),
  sourceRef: z.string().trim().min(1).max(1000).nullable().default(null),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export interface RowProblem {
  /** CSV: the line the record starts on; JSON: the index in the array. */
  row: number;
  errors: { field: string; message: string }[];
}

export interface ValidatedRows {
  valid: { row: number; value: ImportRow }[];
  rejected: RowProblem[];
}

/** The columns of the CSV format, in export order; `source` and `version` are read-only. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'body',
  'questions',
  'locale',
  'tags',
  'topic',
  'status',
  'source',
  'source_ref',
  'channel_variants',
  'version',
] as const;
const REQUIRED_COLUMNS = ['title', 'body', 'locale'];
/** Sample questions are one per line inside their cell; tags are separated by semicolons. */
const QUESTION_SEPARATOR = '\n';
const TAG_SEPARATOR = ';';

export class ImportFormatError extends Error {}

/** Rows of a CSV document as objects for `validateRows`, keyed by the line each starts on. */
export function rowsFromCsv(text: string): { row: number; value: unknown }[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportFormatError(error.message);
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new ImportFormatError('The CSV is empty: it needs a header line.');
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new ImportFormatError(`Unknown columns: ${unknown.join(', ')}.`);
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new ImportFormatError(`Missing columns: ${missing.join(', ')}.`);
  return data.map((record) => {
    const cell = (name: string): string | undefined => {
      const index = columns.indexOf(name);
      return index < 0 ? undefined : record.fields[index];
    };
    const value: Record<string, unknown> = {};
    if (record.fields.length !== columns.length)
      value.__columns = `has ${record.fields.length} fields, the header has ${columns.length}`;
    const optional = (name: string): string | undefined => {
      const found = cell(name)?.trim();
      return found ? found : undefined;
    };
    value.id = optional('id');
    value.title = cell('title');
    value.body = cell('body');
    value.locale = cell('locale');
    value.questions = splitCell(cell('questions'), QUESTION_SEPARATOR);
    value.tags = splitCell(cell('tags'), TAG_SEPARATOR);
    value.topic = optional('topic') ?? null;
    value.status = optional('status');
    value.sourceRef = optional('source_ref') ?? null;
    const variants = optional('channel_variants');
    if (variants) {
      try {
        value.channelVariants = JSON.parse(variants) as unknown;
      } catch {
        value.channelVariants = '(not JSON)';
      }
    }
    return { row: record.line, value };
  });
}

function splitCell(cell: string | undefined, separator: string): string[] {
  return (cell ?? '')
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Rows of a JSON import: an array of objects, keyed by index. */
export function rowsFromJson(value: unknown): { row: number; value: unknown }[] {
  if (!Array.isArray(value)) throw new ImportFormatError('A JSON import is an array of articles.');
  return value.map((item, index) => ({ row: index, value: item }));
}

/** Pure: every row checked, every problem of every row reported, nothing stops at the first. */
export function validateRows(rows: readonly { row: number; value: unknown }[]): ValidatedRows {
  const result: ValidatedRows = { valid: [], rejected: [] };
  const seenIds = new Map<string, number>();
  for (const { row, value } of rows) {
    const errors: RowProblem['errors'] = [];
    if (typeof value === 'object' && value !== null && '__columns' in value) {
      errors.push({ field: '(row)', message: String(value.__columns) });
    }
    const parsed = importRowSchema.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        errors.push({ field: issue.path.join('.') || '(row)', message: issue.message });
    if (parsed.success && parsed.data.id) {
      const earlier = seenIds.get(parsed.data.id.toLowerCase());
      if (earlier !== undefined)
        errors.push({ field: 'id', message: `the same id as row ${earlier}` });
      else seenIds.set(parsed.data.id.toLowerCase(), row);
    }
    if (errors.length > 0 || !parsed.success) result.rejected.push({ row, errors });
    else result.valid.push({ row, value: parsed.data });
  }
  return result;
}

/** What an export carries per article (also a valid JSON import row). */
export interface ExportedArticle {
  id: string;
  title: string;
  body: string;
  questions: string[];
  locale: string;
  tags: string[];
  topic: string | null;
  status: Article['status'];
  source: Article['source'];
  sourceRef: string | null;
  channelVariants: Article['channelVariants'];
  version: number;
}

export function exportedArticle(article: Article): ExportedArticle {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    questions: article.questions,
    locale: article.locale,
    tags: article.tags,
    topic: article.topic,
    status: article.status,
    source: article.source,
    sourceRef: article.sourceRef,
    channelVariants: article.channelVariants,
    version: article.version,
  };
}

export function articlesToCsv(articles: readonly ExportedArticle[]): string {
  return writeCsv([
    [...CSV_COLUMNS],
    ...articles.map((article) => [
      article.id,
      article.title,
      article.body,
      article.questions.join(QUESTION_SEPARATOR),
      article.locale,
      article.tags.join(TAG_SEPARATOR),
      article.topic ?? '',
      article.status,
      article.source,
      article.sourceRef ?? '',
      Object.keys(article.channelVariants).length > 0
        ? JSON.stringify(article.channelVariants)
        : '',
      String(article.version),
    ]),
  ]);
}

/** A readable document for review or a static site; not an import format. */
export function articlesToMarkdown(articles: readonly ExportedArticle[]): string {
  return articles
    .map((article) => {
      const meta = [
        `- id: ${article.id}`,
        `- locale: ${article.locale}`,
        `- status: ${article.status} (version ${article.version}, source ${article.source})`,
        ...(article.topic ? [`- topic: ${article.topic}`] : []),
        ...(article.tags.length > 0 ? [`- tags: ${article.tags.join(', ')}`] : []),
      ];
      const questions = article.questions.map((question) => `- ${question}`);
      const variants = Object.entries(article.channelVariants).map(
        ([channel, body]) => `### On ${channel}\n\n${body}\n`,
      );
      return [
        `## ${article.title}`,
        '',
        ...meta,
        '',
        ...(questions.length > 0 ? ['### Similar questions', '', ...questions, ''] : []),
        '### Answer',
        '',
        article.body,
        '',
        ...variants,
      ].join('\n');
    })
    .join('\n');
}
