import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DynamicModule } from '@nestjs/common';
import { Metrics, NestPinoLogger, type Logger } from '@tandem/observability';
import { correlationMiddleware } from './correlation';
import { LOGGER } from './tokens';

export interface HttpAppSettings {
  port: number;
  host: string;
  bodyLimit?: string;
}

/** Builds an app with the platform's HTTP conventions; `listen` is left to the caller. */
export async function createHttpApp(
  module: DynamicModule,
  settings: Pick<HttpAppSettings, 'bodyLimit'> = {},
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
