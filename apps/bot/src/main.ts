import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { BotModule } from './bot.module';
import { botEnvSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfig(botEnvSchema);
  await runHttpApp(BotModule.register(config), {
    port: config.BOT_PORT,
    host: config.HOST,
    corsOrigins: config.CONSOLE_ORIGINS,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
