import type { z } from 'zod';
import type { TokenService } from '@tandem/auth';
import { currentContext } from '@tandem/observability';

export class ServiceCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

/** Calls another Tandem service over HTTP on a tenant's behalf, with a short-lived service token. */
export class ServiceClient {
  constructor(
    private readonly service: string,
    private readonly tokens: TokenService,
  ) {}

  async post<S extends z.ZodType>(
    url: string,
    tenantId: string,
    body: unknown,
    responseSchema: S,
    timeoutMs = 5_000,
  ): Promise<z.infer<S>> {
    return this.call('POST', url, tenantId, body, responseSchema, timeoutMs);
  }

  async get<S extends z.ZodType>(
    url: string,
    tenantId: string,
    responseSchema: S,
    timeoutMs = 5_000,
  ): Promise<z.infer<S>> {
    return this.call('GET', url, tenantId, undefined, responseSchema, timeoutMs);
  }

  async patch<S extends z.ZodType>(
    url: string,
    tenantId: string,
    body: unknown,
    responseSchema: S,
    timeoutMs = 5_000,
  ): Promise<z.infer<S>> {
    return this.call('PATCH', url, tenantId, body, responseSchema, timeoutMs);
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    tenantId: string,
    body: unknown,
    responseSchema: S,
    timeoutMs: number,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          authorization: `Bearer ${this.tokens.issueService(this.service, tenantId)}`,
          'x-correlation-id': currentContext().correlationId ?? '',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServiceCallError(`${url} did not answer: ${(error as Error).message}`, null);
    }
    if (!response.ok) {
      throw new ServiceCallError(`${url} answered ${response.status}`, response.status);
    }
    const parsed = responseSchema.safeParse(await response.json());
    if (!parsed.success)
      throw new ServiceCallError(`${url} answered an unexpected body`, response.status);
    return parsed.data;
  }

  /** The bytes behind a URL (an attachment), refused above `maxBytes`. */
  async fetchBytes(
    url: string,
    tenantId: string,
    maxBytes: number,
    timeoutMs = 5_000,
  ): Promise<{ bytes: Buffer; contentType: string | null }> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          authorization: `Bearer ${this.tokens.issueService(this.service, tenantId)}`,
          'x-correlation-id': currentContext().correlationId ?? '',
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServiceCallError(`${url} did not answer: ${(error as Error).message}`, null);
    }
    if (!response.ok) {
      throw new ServiceCallError(`${url} answered ${response.status}`, response.status);
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ServiceCallError(`${url} is larger than ${maxBytes} bytes`, response.status);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxBytes)
      throw new ServiceCallError(`${url} is larger than ${maxBytes} bytes`, response.status);
    return { bytes, contentType: response.headers.get('content-type') };
  }
}
