import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { IMPORT_BODY_LIMIT } from './articles/article-rows';
import { knowledgeEnvSchema } from './config';
import { KnowledgeModule } from './knowledge.module';

async function main(): Promise<void> {
  const config = loadConfig(knowledgeEnvSchema);
  await runHttpApp(KnowledgeModule.register(config), {
    port: config.KNOWLEDGE_PORT,
    host: config.HOST,
    corsOrigins: config.CONSOLE_ORIGINS,
    routeBodyLimits: [
      // An import is read raw: its content type decides whether it is parsed as JSON or CSV.
      { path: /^\/v1\/articles\/import$/, limit: IMPORT_BODY_LIMIT, raw: true },
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
