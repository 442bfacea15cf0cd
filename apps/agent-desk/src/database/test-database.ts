import { DataSource } from 'typeorm';
import { appDataSourceOptions, migrate } from '@tandem/persistence';
import { createTestDatabase, dropTestDatabase } from '@tandem/testing';
import { DESK_SCHEMA, deskEntities, deskMigrations } from './index';

/** A fresh database for the desk's integration tests: its own, migrated, with a connection. */
export interface DeskTestDatabase {
  databaseUrl: string;
  dataSource: DataSource;
}

export async function createDeskTestDatabase(): Promise<DeskTestDatabase> {
  const databaseUrl = await createTestDatabase();
  const dataSource = await connectDesk(databaseUrl);
  await migrate(dataSource, DESK_SCHEMA);
  return { databaseUrl, dataSource };
}

/** Another connection (another desk instance) to the same database. */
export async function connectDesk(
  databaseUrl: string,
  applicationName?: string,
): Promise<DataSource> {
  const dataSource = new DataSource(
    appDataSourceOptions({
      url: databaseUrl,
      schema: DESK_SCHEMA,
      entities: deskEntities,
      migrations: deskMigrations,
      ...(applicationName ? { applicationName } : {}),
    }),
  );
  await dataSource.initialize();
  return dataSource;
}

export async function dropDeskTestDatabase(database: Partial<DeskTestDatabase>): Promise<void> {
  if (database.dataSource?.isInitialized) await database.dataSource.destroy();
  if (database.databaseUrl) await dropTestDatabase(database.databaseUrl);
}
