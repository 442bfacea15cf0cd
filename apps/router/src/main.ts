import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { routerEnvSchema } from './config';
import { RouterModule } from './router.module';

async function main(): Promise<void> {
  const config = loadConfig(routerEnvSchema);
  await runHttpApp(RouterModule.register(config), {
    port: config.ROUTER_PORT,
    host: config.HOST,
    corsOrigins: config.CONSOLE_ORIGINS,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
