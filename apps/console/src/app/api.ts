// The console's one way to the platform's HTTP APIs: the desk (same origin), knowledge,
// router and gateway (their URLs from /console/settings.json). Errors are problem+json,
// kept as ApiError with the stable code, so screens can say what went wrong.

export interface ConsoleSettings {
  knowledgeUrl: string;
  routerUrl: string;
  botUrl: string;
  gatewayUrl: string;
}

export type Service = 'desk' | 'knowledge' | 'router' | 'bot' | 'gateway';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path?: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `${status} ${code}`);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Send no bearer token (login, refresh). */
  anonymous?: boolean;
  /** More request headers, e.g. `If-Match` for a versioned edit. */
  headers?: Record<string, string>;
}

/** Supplies the bearer token, and a fresh one after a 401 (null: the session is over). */
export interface TokenSource {
  accessToken(): string | null;
  refreshed(): Promise<string | null>;
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class Api {
  private tokens: TokenSource | null = null;

  constructor(readonly settings: ConsoleSettings) {}

  useTokens(tokens: TokenSource | null): void {
    this.tokens = tokens;
  }

  baseUrl(service: Service): string {
    switch (service) {
      case 'desk':
        return '';
      case 'knowledge':
        return this.settings.knowledgeUrl;
      case 'router':
        return this.settings.routerUrl;
      case 'bot':
        return this.settings.botUrl;
      case 'gateway':
        return this.settings.gatewayUrl;
    }
  }

  async request<T>(
    service: Service,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const url = `${this.baseUrl(service)}${path}${queryString(options.query)}`;
    const send = (token: string | null) => {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      return fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    };
    const token = options.anonymous ? null : (this.tokens?.accessToken() ?? null);
    let response = await send(token);
    if (response.status === 401 && !options.anonymous && this.tokens) {
      const fresh = await this.tokens.refreshed();
      if (fresh) response = await send(fresh);
    }
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const problem: Problem =
        typeof body === 'object' && body !== null
          ? (body as Problem)
          : { title: String(body).slice(0, 200) };
      throw new ApiError(response.status, problem.code ?? `HTTP.${response.status}`, problem);
    }
    return body as T;
  }

  get<T>(service: Service, path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>(service, 'GET', path, { query, signal });
  }
  post<T>(service: Service, path: string, body?: unknown): Promise<T> {
    return this.request<T>(service, 'POST', path, { body: body ?? {} });
  }
  put<T>(service: Service, path: string, body?: unknown): Promise<T> {
    return this.request<T>(service, 'PUT', path, { body: body ?? {} });
  }
  patch<T>(service: Service, path: string, body?: unknown): Promise<T> {
    return this.request<T>(service, 'PATCH', path, { body: body ?? {} });
  }
  delete<T>(service: Service, path: string): Promise<T> {
    return this.request<T>(service, 'DELETE', path);
  }
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const response = await fetch('/console/settings.json', {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`settings: ${response.status}`);
  return (await response.json()) as ConsoleSettings;
}
