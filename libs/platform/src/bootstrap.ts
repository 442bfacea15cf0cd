import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  json,
  raw,
  text,
  urlencoded,
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { Metrics, NestPinoLogger, type Logger } from '@tandem/observability';
import { correlationMiddleware } from './correlation';
import { LOGGER } from './tokens';

export interface HttpAppSettings {
  port: number;
  host: string;
  bodyLimit?: string;
  /** Larger limits for some paths (e-mail webhooks carry attachments inline), matched on the path. */
  routeBodyLimits?: RouteBodyLimit[];
}

export interface RouteBodyLimit {
  path: RegExp;
  /** Bytes, or a size such as '40mb'. */
  limit: string | number;
  /**
   * Read the body as bytes whatever its type (an upload): nothing parses it, `rawBody` holds
   * it. A body over the limit is no error here: `bodyTooLarge` is set on the request and the
   * handler answers, with its own problem code and headers (CORS) once it knows the caller.
   */
  raw?: boolean;
}

/** What a `raw` route's handler finds on the request. */
export interface RawBodyRequest {
  rawBody?: Buffer;
  bodyTooLarge?: boolean;
}

/** Builds an app with the platform's HTTP conventions; `listen` is left to the caller. */
export async function createHttpApp(
  module: DynamicModule,
  settings: Pick<HttpAppSettings, 'bodyLimit' | 'routeBodyLimits'> = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    rawBody: true,
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  app.use(correlationMiddleware(app.get(Metrics)));
  for (const route of settings.routeBodyLimits ?? []) {
    // Registered first: a parser that has read a body marks it, and the general ones below
    // then leave it alone. The raw bytes are kept as Nest's own parsers keep them.
    const options = {
      limit: route.limit,
      verify: (
        request: IncomingMessage & { rawBody?: Buffer },
        _response: unknown,
        buffer: Buffer,
      ) => {
        request.rawBody = buffer;
      },
    };
    const parsers = route.raw
      ? [raw({ ...options, type: () => true })]
      : [
          json({ ...options, type: ['application/json', 'application/*+json'] }),
          urlencoded({ ...options, extended: false }),
          text({ ...options, type: ['text/xml', 'application/xml'] }),
        ];
    app.use((request: Request & RawBodyRequest, response: Response, next: NextFunction) => {
      if (!route.path.test(request.path)) return next();
      const run = (index: number): void => {
        const parser = parsers[index];
        if (!parser) return next();
        parser(request, response, (error?: unknown) => {
          if (route.raw && (error as { type?: unknown } | undefined)?.type === 'entity.too.large') {
            request.bodyTooLarge = true;
            return next();
          }
          return error ? next(error) : run(index + 1);
        });
      };
      run(0);
    });
  }
  const limit = settings.bodyLimit ?? '1mb';
  app.useBodyParser('json', { limit, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.useBodyParser('text', { limit, type: ['text/xml', 'application/xml'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.disable('x-powered-by');
  // APIs answer fresh JSON, not cacheable pages: hashing every response body for an ETag is wasted work.
  app.set('etag', false);
  return app;
}

/** The main() of every app: build, listen, and report where it is. */
export async function runHttpApp(
  module: DynamicModule,
  settings: HttpAppSettings,
): Promise<NestExpressApplication> {
  const app = await createHttpApp(module, settings);
  await app.listen(settings.port, settings.host);
  app.get<Logger>(LOGGER).info({ url: `http://${settings.host}:${settings.port}` }, 'listening');
  return app;
}
