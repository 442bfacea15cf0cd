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
  /**
   * Browser origins (the console's) allowed to call this app's API with a bearer token.
   * No cookies are involved, so no credentials are allowed either.
   */
  corsOrigins?: readonly string[];
  /** Built browser apps served as files under a path prefix (the console, the chat widget). */
  staticSites?: StaticSite[];
}

export interface StaticSite {
  /** The URL path it is served under, e.g. `/console`. */
  prefix: string;
  /** The directory of the build (index.html and hashed assets). */
  dir: string;
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
  settings: Pick<
    HttpAppSettings,
    'bodyLimit' | 'routeBodyLimits' | 'corsOrigins' | 'staticSites'
  > = {},
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
  if (settings.corsOrigins?.length) app.use(corsMiddleware(settings.corsOrigins));
  for (const site of settings.staticSites ?? []) serveStaticSite(app, site);
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

const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const CORS_HEADERS =
  'Authorization, Content-Type, Accept-Language, If-Match, Idempotency-Key, X-Correlation-Id';

/** Lets the listed origins call the API from a browser; preflights are answered here. */
export function corsMiddleware(origins: readonly string[]) {
  const allowed = new Set(origins.map((origin) => origin.replace(/\/+$/, '')));
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return next();
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    response.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Disposition, ETag, Location, Retry-After',
    );
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method'])
      return next();
    response.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
    response.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}

/**
 * Serves a Vite build: hashed assets are cached for a year, index.html never (so a new
 * release is picked up on the next load). A missing build is a 404, not a crash: the API
 * works without it.
 */
function serveStaticSite(app: NestExpressApplication, site: StaticSite): void {
  const prefix = site.prefix.replace(/\/+$/, '');
  app.use(prefix, (request: Request, response: Response, next: NextFunction) => {
    // `/console` → `/console/`, so the page's relative asset URLs resolve under the prefix.
    if (request.originalUrl === prefix) return response.redirect(301, `${prefix}/`);
    next();
  });
  app.useStaticAssets(site.dir, {
    prefix: `${prefix}/`,
    index: 'index.html',
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      response.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
}
