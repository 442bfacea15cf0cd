import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { OutboxRecord, ProcessedEvent, appDataSourceOptions, migrate } from '@tandem/persistence';
import { APP_SCHEMAS } from './apps';

/** Applies every app's pending migrations to its own schema. Safe to run again. */
export async function migrateAll(
  databaseUrl: string,
  log: (line: string) => void = console.log,
): Promise<void> {
  for (const { app, schema, entities, migrations } of APP_SCHEMAS) {
    const dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema,
        entities: [OutboxRecord, ProcessedEvent, ...entities],
        migrations,
        poolSize: 1,
      }),
    );
    await dataSource.initialize();
    try {
      const applied = await migrate(dataSource, schema);
      log(`${app}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
    } finally {
      await dataSource.destroy();
    }
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (try: eval "$(bash scripts/stack.sh env)")');
    process.exit(1);
  }
  migrateAll(url).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
