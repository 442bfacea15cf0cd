import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles, ZodPipe } from '@tandem/platform';
import type { Article } from './article.entity';
import { ArticlesService, createArticleSchema, type CreateArticleBody } from './articles.service';

const statusQuery = z.object({ status: z.enum(['draft', 'published', 'retired']).optional() });

export type ArticleView = Omit<Article, 'searchText' | 'tenantId'>;
function view({ searchText: _searchText, tenantId: _tenantId, ...rest }: Article): ArticleView {
  return rest;
}

@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Post()
  @Roles('supervisor')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createArticleSchema)) body: CreateArticleBody,
  ): Promise<ArticleView> {
    return view(await this.articles.create(principal.tenantId, { ...body, source: 'written' }));
  }

  @Get()
  @Roles('agent')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ articles: ArticleView[] }> {
    const { status } = parseOrThrow(statusQuery, query, 'REQUEST.INVALID_QUERY');
    return { articles: (await this.articles.list(principal.tenantId, status)).map(view) };
  }

  @Get(':id')
  @Roles('agent')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ArticleView> {
    return view(await this.articles.get(principal.tenantId, id));
  }

  @Post(':id/publish')
  @Roles('supervisor')
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ArticleView> {
    return view(await this.articles.setStatus(principal.tenantId, id, 'published'));
  }

  @Post(':id/retire')
  @Roles('supervisor')
  async retire(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ArticleView> {
    return view(await this.articles.setStatus(principal.tenantId, id, 'retired'));
  }
}
