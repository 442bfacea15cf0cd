import {
  Catch,
  HttpException,
  HttpStatus,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentContext, type Logger, type Metrics } from '@tandem/observability';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  correlationId?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/** An error with a stable code, answered as RFC 9457 problem+json. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extensions: Partial<ProblemDetails> & { headers?: Record<string, string> } = {},
  ) {
    super(detail, status);
  }
}

export function problemTypeUri(code: string): string {
  return `urn:tandem:problem:${code}`;
}

const defaultCodes: Record<number, string> = {
  400: 'REQUEST.BAD_REQUEST',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'REQUEST.CONFLICT',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
  503: 'SERVICE.UNAVAILABLE',
};

/** Turns every error into problem+json; unexpected ones are logged and answered 500 without details. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    this.metrics.httpRejections.inc({ code: problem.code });
    const headers =
      exception instanceof ProblemException ? exception.extensions.headers : undefined;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const base = { instance: request.originalUrl, correlationId: currentContext().correlationId };
    if (exception instanceof ProblemException) {
      const { headers: _headers, ...extensions } = exception.extensions;
      return {
        type: problemTypeUri(exception.code),
        title: HttpStatus[exception.getStatus()] ?? 'Error',
        status: exception.getStatus(),
        detail: exception.message,
        code: exception.code,
        ...base,
        ...extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const code = malformedJson(exception)
        ? 'REQUEST.MALFORMED_JSON'
        : (defaultCodes[status] ?? `HTTP.${status}`);
      const detail =
        typeof body === 'object' && body !== null && 'message' in body
          ? String((body as { message: unknown }).message)
          : exception.message;
      return {
        type: problemTypeUri(code),
        title: HttpStatus[status] ?? 'Error',
        status,
        detail,
        code,
        ...base,
      };
    }
    const status = bodyParserStatus(exception);
    if (status) {
      const code =
        status === 413
          ? 'REQUEST.TOO_LARGE'
          : status === 415
            ? 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
            : 'REQUEST.MALFORMED_JSON';
      return {
        type: problemTypeUri(code),
        title: HttpStatus[status] ?? 'Error',
        status,
        detail: (exception as Error).message,
        code,
        ...base,
      };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return {
      type: problemTypeUri('INTERNAL'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the correlation id when you report it.',
      code: 'INTERNAL',
      ...base,
    };
  }
}

function malformedJson(exception: HttpException): boolean {
  return exception.getStatus() === 400 && /JSON/i.test(exception.message);
}

/** body-parser errors carry a `status` and a `type` such as 'entity.too.large'. */
function bodyParserStatus(exception: unknown): number | null {
  if (
    typeof exception === 'object' &&
    exception !== null &&
    'type' in exception &&
    'status' in exception
  ) {
    const status = Number((exception as { status: unknown }).status);
    return status >= 400 && status < 500 ? status : null;
  }
  return null;
}
