import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import {
  CurrentPrincipal,
  parseOrThrow,
  ProblemException,
  Roles,
  ZodPipe,
  type RawBodyRequest,
} from '@tandem/platform';
import type { Article } from './article.entity';
import type { ArticleVersion } from './article-version.entity';
import {
  articlesToCsv,
  articlesToMarkdown,
  ImportFormatError,
  IMPORT_BODY_LIMIT,
  rowsFromCsv,
  rowsFromJson,
} from './article-rows';
import type { ArticleAction } from './article-transitions';
import {
  ArticlesService,
  createArticleSchema,
  listQuerySchema,
  updateArticleSchema,
  type CreateArticleBody,
  type ImportResult,
  type UpdateArticleBody,
} from './articles.service';

export type ArticleView = Omit<Article, 'searchText' | 'tenantId'>;
function view({ searchText: _searchText, tenantId: _tenantId, ...rest }: Article): ArticleView {
  return rest;
}

const importQuerySchema = z.object({
  mode: z.enum(['all-or-nothing', 'valid-only']).default('all-or-nothing'),
  dryRun: z.enum(['true', 'false']).default('false'),
  sourceRef: z.string().trim().min(1).max(1000).optional(),
});
const mergeBodySchema = z.object({ into: z.uuid() }).strict();
const exportQuerySchema = listQuerySchema.extend({
  format: z.enum(['json', 'csv', 'markdown']).default('json'),
});
const rollbackSchema = z.object({ version: z.number().int().positive() });

/** `If-Match: "3"` (or a bare 3, or weak W/"3"): the version the caller last saw. */
function versionFrom(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(ifMatch);
  if (!match)
    throw new ProblemException(
      400,
      'KNOWLEDGE.BAD_IF_MATCH',
      'If-Match must carry the article version, such as "3".',
    );
  return Number(match[1]);
}

function requiredVersion(ifMatch: string | undefined): number {
  const version = versionFrom(ifMatch);
  if (version === null)
    throw new ProblemException(
      428,
      'KNOWLEDGE.VERSION_REQUIRED',
      'Send If-Match with the version you edited (the ETag of GET /v1/articles/{id}), so nobody overwrites another change unseen.',
    );
  return version;
}

/** The admin API of the knowledge base: reading, the review workflow, history, bulk transfer. */
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Post()
  @Roles('supervisor')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createArticleSchema)) body: CreateArticleBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return tagged(response, await this.articles.write(principal, body));
  }

  @Get()
  @Roles('agent')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
  ): Promise<{ articles: ArticleView[] }> {
    const filters = parseOrThrow(listQuerySchema, query, 'REQUEST.INVALID_QUERY');
    return { articles: (await this.articles.list(principal, filters)).map(view) };
  }

  // Declared before ':id' so the router does not read "export" as an id.
  @Get('export')
  @Roles('admin')
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | { articles: unknown[] }> {
    const { format, ...filters } = parseOrThrow(exportQuerySchema, query, 'REQUEST.INVALID_QUERY');
    const articles = await this.articles.export(principal, filters);
    if (format === 'json') return { articles };
    response.setHeader(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8',
    );
    response.setHeader(
      'content-disposition',
      `attachment; filename="articles.${format === 'csv' ? 'csv' : 'md'}"`,
    );
    return format === 'csv' ? articlesToCsv(articles) : articlesToMarkdown(articles);
  }

  /** The body is read raw (see main.ts): its content type says whether it is JSON or CSV. */
  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  async import(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
    @Req() request: Request & RawBodyRequest,
  ): Promise<ImportResult> {
    const options = parseOrThrow(importQuerySchema, query, 'REQUEST.INVALID_QUERY');
    if (request.bodyTooLarge)
      throw new ProblemException(
        413,
        'REQUEST.TOO_LARGE',
        `The import is larger than ${IMPORT_BODY_LIMIT}.`,
      );
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const text = (request.rawBody ?? Buffer.alloc(0)).toString('utf8');
    let rows;
    try {
      if (type === 'text/csv') rows = rowsFromCsv(text);
      else if (type === 'application/json') rows = rowsFromJson(parseJson(text));
      else
        throw new ProblemException(
          415,
          'KNOWLEDGE.IMPORT_UNSUPPORTED_TYPE',
          'Send the import as application/json (an array of articles) or text/csv.',
        );
    } catch (error) {
      if (error instanceof ImportFormatError)
        throw new ProblemException(400, 'KNOWLEDGE.IMPORT_MALFORMED', error.message);
      throw error;
    }
    return this.articles.import(
      principal,
      rows,
      options.mode,
      options.dryRun === 'true',
      options.sourceRef ?? null,
    );
  }

  @Get(':id')
  @Roles('agent')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return tagged(response, await this.articles.get(principal, id));
  }

  @Patch(':id')
  @Roles('supervisor')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(updateArticleSchema)) body: UpdateArticleBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    const version = requiredVersion(ifMatch);
    return tagged(response, await this.articles.update(principal, id, version, body));
  }

  @Get(':id/versions')
  @Roles('supervisor')
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<{ versions: Omit<ArticleVersion, 'tenantId' | 'articleId'>[] }> {
    const versions = await this.articles.versions(principal, id);
    return {
      versions: versions.map(({ tenantId: _tenantId, articleId: _articleId, ...rest }) => rest),
    };
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @Roles('supervisor')
  async rollback(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(rollbackSchema)) body: z.infer<typeof rollbackSchema>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    const version = requiredVersion(ifMatch);
    return tagged(response, await this.articles.rollback(principal, id, version, body.version));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('supervisor')
  submit(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return this.act(principal, id, 'submit', ifMatch, response);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('supervisor')
  publish(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return this.act(principal, id, 'publish', ifMatch, response);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('supervisor')
  retire(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return this.act(principal, id, 'retire', ifMatch, response);
  }

  /** A draft or one in review that should not be published. */
  @Post(':id/reject')
  @HttpCode(200)
  @Roles('supervisor')
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return this.act(principal, id, 'reject', ifMatch, response);
  }

  /** Folds a draft into the article that already covers it: its questions join that one. */
  @Post(':id/merge')
  @HttpCode(200)
  @Roles('supervisor')
  async merge(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(mergeBodySchema)) body: z.infer<typeof mergeBodySchema>,
  ): Promise<{ merged: ArticleView; into: ArticleView }> {
    const { merged, into } = await this.articles.merge(
      principal,
      id,
      body.into,
      versionFrom(ifMatch),
    );
    return { merged: view(merged), into: view(into) };
  }

  /** Back to draft: changes wanted in review, or a retired article to revise. */
  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('supervisor')
  reopen(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ArticleView> {
    return this.act(principal, id, 'reopen', ifMatch, response);
  }

  private async act(
    principal: Principal,
    id: string,
    action: ArticleAction,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<ArticleView> {
    return tagged(response, await this.articles.act(principal, id, action, versionFrom(ifMatch)));
  }
}

/** The version as an ETag, for the next If-Match. */
function tagged(response: Response, article: Article): ArticleView {
  response.setHeader('etag', `"${article.version}"`);
  return view(article);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ImportFormatError(`The body is not JSON: ${(error as Error).message}`);
  }
}
