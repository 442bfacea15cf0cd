import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';

/** An entity class, as TypeORM takes it. */
export type EntityClass = new (...args: never[]) => object;
/** A migration class. */
export type MigrationClass = new () => MigrationInterface;

export interface AppDataSourceSettings {
  url: string;
  /** Each app owns one Postgres schema; nothing else writes to it. */
  schema: string;
  entities: EntityClass[];
  migrations: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
}

export function appDataSourceOptions(settings: AppDataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? settings.schema,
      // Raw SQL in the app then names its own tables without the schema prefix.
      options: `-c search_path=${settings.schema},public`,
    },
  };
}

/** Creates the app's schema if needed, then applies its pending migrations. */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  // Several processes of one app may boot at once (replicas, workers): one migrates at a time.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`tandem.migrate.${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // On the connection that holds the lock (a pool of one must not wait for a second).
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`tandem.migrate.${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}
