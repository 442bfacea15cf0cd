// The calls the knowledge screens make: the knowledge service's articles and gaps (with the
// article version in If-Match, as its controller requires), the bot's playground, and the
// desk's conversation (the source of a learned draft).
import type { Api } from '../app/api';
import {
  ifMatch,
  stepsToPublish,
  type Article,
  type ArticleAction,
  type ArticleDraft,
  type ArticleSource,
  type ArticleStatus,
  type ArticleVersion,
  type Gap,
  type PlaygroundChannel,
  type PlaygroundResult,
} from './model';

export interface ArticleFilters {
  q?: string;
  status?: ArticleStatus | '';
  locale?: string;
  source?: ArticleSource | '';
}

export interface SourceConversation {
  id: string;
  status: string;
  handoff?: { summary?: string } | null;
  messages: { id: string; role: 'customer' | 'bot' | 'agent'; text: string; at: string }[];
  wrapUp?: { code?: string | null; note?: string | null } | null;
}

export class KnowledgeApi {
  constructor(private readonly api: Api) {}

  async list(filters: ArticleFilters, signal?: AbortSignal): Promise<Article[]> {
    const { articles } = await this.api.get<{ articles: Article[] }>(
      'knowledge',
      '/v1/articles',
      {
        q: filters.q?.trim(),
        status: filters.status,
        locale: filters.locale,
        source: filters.source,
      },
      signal,
    );
    return articles;
  }

  get(id: string, signal?: AbortSignal): Promise<Article> {
    return this.api.get<Article>(
      'knowledge',
      `/v1/articles/${encodeURIComponent(id)}`,
      undefined,
      signal,
    );
  }

  create(draft: ArticleDraft): Promise<Article> {
    return this.api.post<Article>('knowledge', '/v1/articles', { ...draft, status: 'draft' });
  }

  update(article: Article, changes: Partial<ArticleDraft>): Promise<Article> {
    return this.api.request<Article>('knowledge', 'PATCH', this.path(article), {
      body: changes,
      headers: ifMatch(article.version),
    });
  }

  async versions(id: string, signal?: AbortSignal): Promise<ArticleVersion[]> {
    const { versions } = await this.api.get<{ versions: ArticleVersion[] }>(
      'knowledge',
      `/v1/articles/${encodeURIComponent(id)}/versions`,
      undefined,
      signal,
    );
    return [...versions].sort((a, b) => b.version - a.version);
  }

  rollback(article: Article, version: number): Promise<Article> {
    return this.api.request<Article>('knowledge', 'POST', `${this.path(article)}/rollback`, {
      body: { version },
      headers: ifMatch(article.version),
    });
  }

  act(article: Article, action: ArticleAction): Promise<Article> {
    return this.api.request<Article>('knowledge', 'POST', `${this.path(article)}/${action}`, {
      body: {},
      headers: ifMatch(article.version),
    });
  }

  /** A draft is submitted, then published; one in review is published. */
  async publish(article: Article): Promise<Article> {
    let current = article;
    for (const action of stepsToPublish(article.status) ?? ['publish' as const])
      current = await this.act(current, action);
    return current;
  }

  async gaps(status: 'open' | 'closed', signal?: AbortSignal): Promise<Gap[]> {
    const { gaps } = await this.api.get<{ gaps: Gap[] }>(
      'knowledge',
      '/v1/gaps',
      { status, limit: 200 },
      signal,
    );
    return gaps;
  }

  closeGap(gapId: string, articleId: string): Promise<void> {
    return this.api.post<void>('knowledge', `/v1/gaps/${encodeURIComponent(gapId)}/close`, {
      articleId,
    });
  }

  playground(question: string, channel: PlaygroundChannel): Promise<PlaygroundResult> {
    return this.api.post<PlaygroundResult>('bot', '/v1/playground', { question, channel });
  }

  conversation(id: string, signal?: AbortSignal): Promise<SourceConversation> {
    return this.api.get<SourceConversation>(
      'desk',
      `/v1/conversations/${encodeURIComponent(id)}`,
      undefined,
      signal,
    );
  }

  private path(article: Article): string {
    return `/v1/articles/${encodeURIComponent(article.id)}`;
  }
}
