import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext, type Metrics } from '@tandem/observability';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request carries a correlation id (the caller's, if well-formed) into logs and events. */
export function correlationMiddleware(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const incoming = request.header('x-correlation-id');
    const correlationId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('x-correlation-id', correlationId);
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequests.inc({
        method: request.method,
        route,
        status: String(response.statusCode),
      });
    });
    runWithContext({ correlationId }, () => next());
  };
}
