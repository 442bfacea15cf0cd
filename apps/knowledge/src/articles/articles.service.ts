import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, type EntityManager } from 'typeorm';
import { terms } from '@tandem/text';
import { ProblemException } from '@tandem/platform';
import { Article, type ArticleSource, type ArticleStatus } from './article.entity';

export const createArticleSchema = z.object({
  title: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(20_000),
  questions: z.array(z.string().trim().min(1).max(500)).max(200).default([]),
  locale: z.string().trim().min(2).max(16),
  status: z.enum(['draft', 'published']).default('draft'),
});
export type CreateArticleBody = z.infer<typeof createArticleSchema>;

export interface NewArticle extends CreateArticleBody {
  source: ArticleSource;
  sourceConversationId?: string | null;
}

export function searchTextOf(title: string, questions: readonly string[]): string {
  return [title, ...questions].flatMap((text) => terms(text)).join(' ');
}

@Injectable()
export class ArticlesService {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    tenantId: string,
    article: NewArticle,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Article> {
    const repository = manager.getRepository(Article);
    return repository.save(
      repository.create({
        tenantId,
        title: article.title,
        body: article.body,
        questions: article.questions,
        locale: article.locale,
        status: article.status,
        source: article.source,
        sourceConversationId: article.sourceConversationId ?? null,
        searchText: searchTextOf(article.title, article.questions),
      }),
    );
  }

  list(tenantId: string, status?: ArticleStatus): Promise<Article[]> {
    return this.dataSource.getRepository(Article).find({
      where: { tenantId, ...(status ? { status } : {}) },
      order: { updatedAt: 'DESC' },
      take: 500,
    });
  }

  async get(tenantId: string, id: string): Promise<Article> {
    const article = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(Article).findOneBy({ tenantId, id })
      : null;
    if (!article)
      throw new ProblemException(404, 'KNOWLEDGE.ARTICLE_NOT_FOUND', `No article ${id}.`);
    return article;
  }

  /** Adds sample questions the article does not have yet (case-insensitively). */
  async addQuestions(
    tenantId: string,
    id: string,
    questions: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Article> {
    const repository = manager.getRepository(Article);
    const article = await repository.findOne({
      where: { tenantId, id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!article)
      throw new ProblemException(404, 'KNOWLEDGE.ARTICLE_NOT_FOUND', `No article ${id}.`);
    const known = new Set(article.questions.map((question) => question.toLowerCase()));
    const added = questions.filter((question) => !known.has(question.toLowerCase()));
    if (added.length === 0) return article;
    article.questions = [...article.questions, ...added];
    article.searchText = searchTextOf(article.title, article.questions);
    return repository.save(article);
  }

  async setStatus(tenantId: string, id: string, status: ArticleStatus): Promise<Article> {
    const article = await this.get(tenantId, id);
    article.status = status;
    return this.dataSource.getRepository(Article).save(article);
  }
}
