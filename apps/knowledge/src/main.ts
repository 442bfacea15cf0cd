import 'reflect-metadata';
import { loadConfig } from '@tandem/config';
import { runHttpApp } from '@tandem/platform';
import { knowledgeEnvSchema } from './config';
import { KnowledgeModule } from './knowledge.module';

async function main(): Promise<void> {
  const config = loadConfig(knowledgeEnvSchema);
  await runHttpApp(KnowledgeModule.register(config), {
    port: config.KNOWLEDGE_PORT,
    host: config.HOST,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
