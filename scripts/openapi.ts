import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayOpenApi } from '../apps/gateway/src/openapi';

/** Writes docs/openapi/*.json from the apps' schemas. */
const dir = join(__dirname, '..', '..', 'docs', 'openapi');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'gateway.json'), `${JSON.stringify(gatewayOpenApi(), null, 2)}\n`);
console.log(`wrote ${join(dir, 'gateway.json')}`);
