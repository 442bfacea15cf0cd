import { join } from 'node:path';
import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { AgentDeskModule } from './agent-desk.module';
import { deskEnvSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfig(deskEnvSchema);
  await runHttpApp(AgentDeskModule.register(config), {
    port: config.DESK_PORT,
    host: config.HOST,
    // The console (dist/console, built by Vite): agents and supervisors open /console/.
    staticSites: [
      { prefix: '/console', dir: config.CONSOLE_DIR ?? join(__dirname, '../../../console') },
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
