import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskOpenApi } from '../apps/agent-desk/src/openapi';
import { botOpenApi } from '../apps/bot/src/openapi';
import { gatewayOpenApi } from '../apps/gateway/src/openapi';
import { routerOpenApi } from '../apps/router/src/openapi';

/** Writes docs/openapi/*.json from the apps' schemas. */
const dir = join(__dirname, '..', '..', 'docs', 'openapi');
mkdirSync(dir, { recursive: true });
for (const [name, document] of [
  ['gateway', gatewayOpenApi()],
  ['bot', botOpenApi()],
  ['router', routerOpenApi()],
  ['agent-desk', deskOpenApi()],
] as const) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
