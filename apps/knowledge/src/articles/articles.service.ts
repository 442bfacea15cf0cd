import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { createEvent } from '@tandem/contracts';
import { currentContext } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { terms } from '@tandem/text';
import {
  ARTICLE_SOURCES,
  ARTICLE_STATUSES,
  Article,
  type ArticleSource,
  type ArticleStatus,
} from './article.entity';
import { ArticleVersion, type ArticleChange } from './article-version.entity';
import {
  articleContentSchema,
  exportedArticle,
  validateRows,
  type ArticleContent,
  type ExportedArticle,
  type ImportRow,
  type RowProblem,
} from './article-rows';
import { transition, type ArticleAction } from './article-transitions';

export const createArticleSchema = articleContentSchema.extend({
  status: z.enum(['draft', 'in_review']).default('draft'),
  sourceRef: z.string().trim().min(1).max(1000).nullable().default(null),
  /** A supervisor's correction of an answer given in this conversation. */
  sourceConversationId: z.string().trim().min(1).max(128).nullable().default(null),
});
export type CreateArticleBody = z.infer<typeof createArticleSchema>;

export const updateArticleSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    body: z.string().trim().min(1).max(20_000),
    questions: articleContentSchema.shape.questions.unwrap(),
    locale: articleContentSchema.shape.locale,
    tags: articleContentSchema.shape.tags.unwrap(),
    topic: articleContentSchema.shape.topic.unwrap(),
    channelVariants: articleContentSchema.shape.channelVariants.unwrap(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Change at least one field.');
export type UpdateArticleBody = z.infer<typeof updateArticleSchema>;

export const listQuerySchema = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  locale: z.string().max(16).optional(),
  tag: z.string().max(64).optional(),
  topic: z.string().max(200).optional(),
  source: z.enum(ARTICLE_SOURCES).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export interface NewArticle extends Partial<ArticleContent> {
  title: string;
  body: string;
  questions: string[];
  locale: string;
  status: ArticleStatus;
  source: ArticleSource;
  sourceConversationId?: string | null;
  sourceRef?: string | null;
}

export type ImportMode = 'all-or-nothing' | 'valid-only';
export interface ImportResult {
  dryRun: boolean;
  mode: ImportMode;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowProblem[];
}

export function searchTextOf(title: string, questions: readonly string[]): string {
  return [title, ...questions].flatMap((text) => terms(text)).join(' ');
}

const CONTENT_FIELDS = [
  'title',
  'body',
  'questions',
  'locale',
  'tags',
  'topic',
  'channelVariants',
] as const;

function contentOf(article: Article | ArticleVersion): ArticleContent {
  return {
    title: article.title,
    body: article.body,
    questions: article.questions,
    locale: article.locale,
    tags: article.tags,
    topic: article.topic,
    channelVariants: article.channelVariants,
  };
}

function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  return CONTENT_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

/** Agents see what the bot may say; drafts and reviews are for supervisors. */
function seesAllStatuses(principal: Principal): boolean {
  return principal.role !== 'agent';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IMPORT_ROWS = 5_000;
const CREATE_CHUNK = 500;

@Injectable()
export class ArticlesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Creates an article and its version 1; the learning consumer calls it inside its own transaction. */
  async create(
    tenantId: string,
    article: NewArticle,
    manager: EntityManager = this.dataSource.manager,
    actor = 'system',
    change: ArticleChange = 'created',
  ): Promise<Article> {
    const [saved] = await this.createMany(tenantId, [article], manager, actor, change);
    return saved!;
  }

  /**
   * Creates articles with their version 1 in multi-row inserts, `CREATE_CHUNK` at a time:
   * an import of thousands pays a few round trips, not two per article.
   */
  private async createMany(
    tenantId: string,
    articles: readonly NewArticle[],
    manager: EntityManager,
    actor: string,
    change: ArticleChange,
  ): Promise<Article[]> {
    const repository = manager.getRepository(Article);
    const created: Article[] = [];
    for (let start = 0; start < articles.length; start += CREATE_CHUNK) {
      const chunk = articles.slice(start, start + CREATE_CHUNK).map((article) =>
        repository.create({
          tenantId,
          title: article.title,
          body: article.body,
          questions: article.questions,
          locale: article.locale,
          tags: article.tags ?? [],
          topic: article.topic ?? null,
          channelVariants: article.channelVariants ?? {},
          status: article.status,
          source: article.source,
          sourceConversationId: article.sourceConversationId ?? null,
          sourceRef: article.sourceRef ?? null,
          mergedInto: null,
          version: 1,
          updatedBy: actor,
          searchText: searchTextOf(article.title, article.questions),
        }),
      );
      const inserted = await repository.insert(chunk);
      chunk.forEach((article, index) => {
        article.id = inserted.identifiers[index]!.id as string;
      });
      await manager.insert(
        ArticleVersion,
        chunk.map((article) => ({
          articleId: article.id,
          version: 1,
          tenantId,
          ...contentOf(article),
          change,
          rolledBackFrom: null,
          actor,
        })),
      );
      created.push(...chunk);
    }
    return created;
  }

  /** A supervisor writes an article (a correction when it names the conversation it corrects). */
  async write(principal: Principal, body: CreateArticleBody): Promise<Article> {
    return this.unitOfWork.run((tx) =>
      this.create(
        principal.tenantId,
        { ...body, source: body.sourceConversationId ? 'corrected' : 'written' },
        tx.manager,
        principal.subject,
      ),
    );
  }

  async list(principal: Principal, query: ListQuery): Promise<Article[]> {
    if (!seesAllStatuses(principal) && query.status && query.status !== 'published') return [];
    const builder = this.dataSource
      .getRepository(Article)
      .createQueryBuilder('article')
      .where('article.tenant_id = :tenantId', { tenantId: principal.tenantId });
    const status = seesAllStatuses(principal) ? query.status : 'published';
    if (status) builder.andWhere('article.status = :status', { status });
    if (query.locale) builder.andWhere('article.locale = :locale', { locale: query.locale });
    if (query.topic) builder.andWhere('article.topic = :topic', { topic: query.topic });
    if (query.source) builder.andWhere('article.source = :source', { source: query.source });
    if (query.tag) builder.andWhere(':tag = ANY(article.tags)', { tag: query.tag });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere(
        `(article.title ILIKE :pattern OR article.body ILIKE :pattern
          OR array_to_string(article.questions, ' ') ILIKE :pattern)`,
        { pattern },
      );
    }
    return builder.orderBy('article.updated_at', 'DESC').take(500).getMany();
  }

  async get(principal: Principal, id: string): Promise<Article> {
    const article = await this.find(this.dataSource.manager, principal.tenantId, id, false);
    if (!seesAllStatuses(principal) && article.status !== 'published') throw notFound(id);
    return article;
  }

  /** Adds sample questions the article lacks (case-insensitively), as a new version. */
  async addQuestions(
    tenantId: string,
    id: string,
    questions: readonly string[],
    actor: string,
    manager: EntityManager,
  ): Promise<Article> {
    const article = await this.find(manager, tenantId, id, true);
    const known = new Set(article.questions.map((question) => question.toLowerCase()));
    const added = questions.filter((question) => !known.has(question.toLowerCase()));
    if (added.length === 0) return article;
    return this.saveContent(
      manager,
      article,
      { ...contentOf(article), questions: [...article.questions, ...added] },
      actor,
      'updated',
      null,
    );
  }

  /** New content: a new version, only on top of the version the editor saw. */
  async update(
    principal: Principal,
    id: string,
    expectedVersion: number,
    changes: UpdateArticleBody,
  ): Promise<Article> {
    return this.unitOfWork.run(async (tx) => {
      const article = await this.find(tx.manager, principal.tenantId, id, true);
      checkVersion(article, expectedVersion);
      const next = { ...contentOf(article), ...stripUndefined(changes) };
      if (sameContent(next, contentOf(article))) return article;
      const saved = await this.saveContent(
        tx.manager,
        article,
        next,
        principal.subject,
        'updated',
        null,
      );
      if (saved.status === 'published') this.announce(tx, saved, principal.subject);
      return saved;
    });
  }

  async versions(principal: Principal, id: string): Promise<ArticleVersion[]> {
    const article = await this.find(this.dataSource.manager, principal.tenantId, id, false);
    return this.dataSource
      .getRepository(ArticleVersion)
      .find({ where: { articleId: article.id }, order: { version: 'DESC' } });
  }

  /** Rollback is a new version carrying an old one's content: history is never rewritten. */
  async rollback(
    principal: Principal,
    id: string,
    expectedVersion: number,
    toVersion: number,
  ): Promise<Article> {
    return this.unitOfWork.run(async (tx) => {
      const article = await this.find(tx.manager, principal.tenantId, id, true);
      checkVersion(article, expectedVersion);
      const old = await tx.manager.findOneBy(ArticleVersion, {
        articleId: article.id,
        version: toVersion,
      });
      if (!old)
        throw new ProblemException(
          404,
          'KNOWLEDGE.VERSION_NOT_FOUND',
          `Article ${id} has no version ${toVersion}.`,
        );
      const saved = await this.saveContent(
        tx.manager,
        article,
        contentOf(old),
        principal.subject,
        'rolled_back',
        toVersion,
      );
      if (saved.status === 'published') this.announce(tx, saved, principal.subject);
      return saved;
    });
  }

  /** A workflow step; publishing and retiring tell everyone through the outbox, in the same transaction. */
  async act(
    principal: Principal,
    id: string,
    action: ArticleAction,
    expectedVersion: number | null,
  ): Promise<Article> {
    return this.unitOfWork.run(async (tx) => {
      const article = await this.find(tx.manager, principal.tenantId, id, true);
      if (expectedVersion !== null) checkVersion(article, expectedVersion);
      const result = transition(article.status, action);
      if (!result.ok)
        throw new ProblemException(409, result.code, result.detail, {
          currentStatus: article.status,
        });
      article.status = result.to;
      article.updatedBy = principal.subject;
      const saved = await tx.manager.save(article);
      this.announce(tx, saved, principal.subject);
      return saved;
    });
  }

  /**
   * Review outcome for a draft that another article already covers: its title and sample
   * questions join that article (a new version of it, announced if published), and the
   * draft is rejected, pointing at where it went.
   */
  async merge(
    principal: Principal,
    id: string,
    intoId: string,
    expectedVersion: number | null,
  ): Promise<{ merged: Article; into: Article }> {
    if (id === intoId)
      throw new ProblemException(
        409,
        'KNOWLEDGE.MERGE_INTO_SELF',
        'An article cannot merge into itself.',
      );
    return this.unitOfWork.run(async (tx) => {
      // Both rows locked in id order, so two crossing merges cannot deadlock.
      const [first, second] = [id, intoId].sort();
      const locked = new Map<string, Article>();
      for (const each of [first!, second!])
        locked.set(each, await this.find(tx.manager, principal.tenantId, each, true));
      const draft = locked.get(id)!;
      const target = locked.get(intoId)!;
      if (expectedVersion !== null) checkVersion(draft, expectedVersion);
      const result = transition(draft.status, 'reject');
      if (!result.ok)
        throw new ProblemException(409, result.code, result.detail, {
          currentStatus: draft.status,
        });
      if (target.status === 'rejected')
        throw new ProblemException(
          409,
          'KNOWLEDGE.MERGE_TARGET_REJECTED',
          `Article ${intoId} was rejected; merge into a live article.`,
        );
      const into = await this.addQuestions(
        principal.tenantId,
        intoId,
        [draft.title, ...draft.questions],
        principal.subject,
        tx.manager,
      );
      if (into.status === 'published') this.announce(tx, into, principal.subject);
      draft.status = result.to;
      draft.mergedInto = intoId;
      draft.updatedBy = principal.subject;
      return { merged: await tx.manager.save(draft), into };
    });
  }

  /**
   * Validates every row before writing any. All-or-nothing (the default) writes nothing
   * when any row is bad; valid-only writes the good rows and reports the rest. Rows with
   * an id replace that article's content (a new version); other rows create articles.
   */
  async import(
    principal: Principal,
    rows: { row: number; value: unknown }[],
    mode: ImportMode,
    dryRun: boolean,
    sourceRef: string | null,
  ): Promise<ImportResult> {
    if (rows.length > MAX_IMPORT_ROWS)
      throw new ProblemException(
        413,
        'KNOWLEDGE.IMPORT_TOO_LARGE',
        `At most ${MAX_IMPORT_ROWS} articles per import; this one has ${rows.length}.`,
      );
    const checked = validateRows(rows);
    const result: ImportResult = {
      dryRun,
      mode,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: checked.rejected,
    };
    return this.unitOfWork.run(async (tx) => {
      const ids = checked.valid.flatMap(({ value }) => (value.id ? [value.id] : []));
      const existing = new Map(
        (ids.length === 0
          ? []
          : await tx.manager
              .getRepository(Article)
              .createQueryBuilder('article')
              .setLock('pessimistic_write')
              .where('article.tenant_id = :tenantId AND article.id IN (:...ids)', {
                tenantId: principal.tenantId,
                ids,
              })
              .getMany()
        ).map((article) => [article.id, article]),
      );
      const writable: ImportRow[] = [];
      for (const { row, value } of checked.valid) {
        if (value.id && !existing.has(value.id.toLowerCase()))
          result.rejected.push({
            row,
            errors: [{ field: 'id', message: `no article ${value.id} in this tenant` }],
          });
        else writable.push(value);
      }
      result.rejected.sort((a, b) => a.row - b.row);
      if (result.rejected.length > 0 && mode === 'all-or-nothing') {
        if (dryRun) return result;
        throw new ProblemException(
          422,
          'KNOWLEDGE.IMPORT_INVALID',
          `${result.rejected.length} of ${rows.length} rows are invalid; nothing was imported.`,
          { rows: result.rejected },
        );
      }
      const toCreate: NewArticle[] = [];
      for (const row of writable) {
        const content = articleContentSchema.parse(row);
        const current = row.id ? existing.get(row.id.toLowerCase()) : undefined;
        if (current && sameContent(content, contentOf(current))) result.unchanged += 1;
        else if (current) {
          result.updated += 1;
          if (!dryRun)
            await this.saveContent(
              tx.manager,
              current,
              content,
              principal.subject,
              'imported',
              null,
            );
        } else {
          result.created += 1;
          if (!dryRun)
            toCreate.push({
              ...content,
              status: row.status,
              source: 'imported',
              sourceRef: row.sourceRef ?? sourceRef,
            });
        }
      }
      const created = await this.createMany(
        principal.tenantId,
        toCreate,
        tx.manager,
        principal.subject,
        'imported',
      );
      for (const article of created) this.announce(tx, article, principal.subject);
      return result;
    });
  }

  async export(principal: Principal, query: ListQuery): Promise<ExportedArticle[]> {
    const builder = this.dataSource
      .getRepository(Article)
      .createQueryBuilder('article')
      .where('article.tenant_id = :tenantId', { tenantId: principal.tenantId });
    if (query.status) builder.andWhere('article.status = :status', { status: query.status });
    if (query.locale) builder.andWhere('article.locale = :locale', { locale: query.locale });
    if (query.tag) builder.andWhere(':tag = ANY(article.tags)', { tag: query.tag });
    const articles = await builder.orderBy('article.created_at', 'ASC').getMany();
    return articles.map(exportedArticle);
  }

  private async find(
    manager: EntityManager,
    tenantId: string,
    id: string,
    lock: boolean,
  ): Promise<Article> {
    const article = UUID.test(id)
      ? await manager.findOne(Article, {
          where: { tenantId, id },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!article) throw notFound(id);
    return article;
  }

  private async saveContent(
    manager: EntityManager,
    article: Article,
    content: ArticleContent,
    actor: string,
    change: ArticleChange,
    rolledBackFrom: number | null,
  ): Promise<Article> {
    Object.assign(article, content);
    article.searchText = searchTextOf(content.title, content.questions);
    article.version += 1;
    article.updatedBy = actor;
    const saved = await manager.save(article);
    await this.recordVersion(manager, saved, change, actor, rolledBackFrom);
    return saved;
  }

  private async recordVersion(
    manager: EntityManager,
    article: Article,
    change: ArticleChange,
    actor: string,
    rolledBackFrom: number | null,
  ): Promise<void> {
    await manager.insert(ArticleVersion, {
      articleId: article.id,
      version: article.version,
      tenantId: article.tenantId,
      ...contentOf(article),
      change,
      rolledBackFrom,
      actor,
    });
  }

  /** Published and retired articles change what the bot may say: the log hears of it. */
  private announce(tx: Tx, article: Article, actor: string): void {
    if (article.status !== 'published' && article.status !== 'retired') return;
    const payload = {
      articleId: article.id,
      title: article.title,
      locale: article.locale,
      version: article.version,
      actor,
    };
    const init = {
      tenantId: article.tenantId,
      aggregateId: article.id,
      correlationId: currentContext().correlationId,
      payload,
    };
    tx.emit(
      article.status === 'published'
        ? createEvent('article.published', init)
        : createEvent('article.retired', init),
    );
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException(404, 'KNOWLEDGE.ARTICLE_NOT_FOUND', `No article ${id}.`);
}

function checkVersion(article: Article, expected: number): void {
  if (article.version !== expected)
    throw new ProblemException(
      412,
      'KNOWLEDGE.VERSION_CONFLICT',
      `Article ${article.id} is at version ${article.version}, not ${expected}: someone else changed it; reload and apply your change again.`,
      { currentVersion: article.version },
    );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
