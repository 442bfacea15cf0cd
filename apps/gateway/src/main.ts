import { join } from 'node:path';
import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { gatewayEnvSchema } from './config';
import { GatewayModule } from './gateway.module';

async function main(): Promise<void> {
  const config = loadConfig(gatewayEnvSchema);
  await runHttpApp(GatewayModule.register(config), {
    port: config.GATEWAY_PORT,
    host: config.HOST,
    bodyLimit: config.WEBHOOK_BODY_LIMIT,
    routeBodyLimits: [
      // Provider webhooks: Postmark posts a mail's attachments inline, base64-encoded.
      { path: /^\/v1\/channels\/[^/]+\/webhook$/, limit: config.WEBHOOK_PROVIDER_BODY_LIMIT },
      // A web chat upload is the file itself, whatever its type.
      {
        path: /^\/v1\/webchat\/[^/]+\/uploads$/,
        limit: config.ATTACHMENT_MAX_BYTES,
        raw: true,
      },
    ],
    // The embeddable chat widget (widget.js) and its demo page (dist/widget, built by Vite).
    staticSites: [
      { prefix: '/widget', dir: config.WIDGET_DIR ?? join(__dirname, '../../../widget') },
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
