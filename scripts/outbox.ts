import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  appDataSourceOptions,
  dropOutboxDeadLetters,
  listOutboxDeadLetters,
  retryOutboxDeadLetters,
  type DeadLetterSelection,
} from '@tandem/persistence';
import { APP_SCHEMAS } from './apps';

/**
 * The outbox's dead letters: events an app could never publish as they were (unknown
 * customer key, invalid event), set aside so the events behind them flow.
 *
 *   npm run outbox -- list [<app>]                    every app when none is named
 *   npm run outbox -- retry <app> (--all | <event-id>...)
 *   npm run outbox -- drop <app> (--all | <event-id>...)
 *
 * `retry` puts them back in the relay's way (the app's running relay picks them up within
 * OUTBOX_POLL_MS; one that fails again is dead-lettered again). `drop` deletes them for good.
 * Needs DATABASE_URL. Exit code 0 on success, 1 on errors, 2 on usage errors.
 */
const USAGE =
  'usage: outbox list [<app>]\n' +
  '       outbox retry <app> (--all | <event-id>...)\n' +
  '       outbox drop <app> (--all | <event-id>...)\n' +
  `       apps: ${APP_SCHEMAS.map((entry) => entry.app).join(', ')}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runOutboxCommand(
  databaseUrl: string,
  args: string[],
  log: (line: string) => void = console.log,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { all: { type: 'boolean', default: false } },
  });
  const [command, appName, ...ids] = positionals;
  const apps = appName ? APP_SCHEMAS.filter((entry) => entry.app === appName) : APP_SCHEMAS;
  if (apps.length === 0 || !['list', 'retry', 'drop'].includes(command ?? '')) {
    log(USAGE);
    return 2;
  }
  let selection: DeadLetterSelection = 'all';
  if (command !== 'list') {
    if (!appName || values.all === ids.length > 0 || ids.some((id) => !UUID.test(id))) {
      log(USAGE);
      return 2;
    }
    selection = values.all ? 'all' : ids;
  }
  for (const { app, schema } of apps) {
    const dataSource = new DataSource(
      appDataSourceOptions({ url: databaseUrl, schema, entities: [], migrations: [], poolSize: 1 }),
    );
    await dataSource.initialize();
    try {
      if (command === 'list') {
        const letters = await listOutboxDeadLetters(dataSource, schema);
        log(`${app}: ${letters.length} dead letter(s)`);
        for (const letter of letters)
          log(
            `  ${letter.eventId} ${letter.type ?? '?'} tenant=${letter.tenantId ?? '?'} ` +
              `aggregate=${letter.aggregateId ?? '?'} attempts=${letter.attempts} ` +
              `at=${letter.deadLetteredAt.toISOString()}\n    ${letter.lastError ?? ''}`,
          );
        continue;
      }
      const changed =
        command === 'retry'
          ? await retryOutboxDeadLetters(dataSource, schema, selection)
          : await dropOutboxDeadLetters(dataSource, schema, selection);
      log(`${app}: ${command === 'retry' ? 'put back' : 'dropped'} ${changed.length}`);
      for (const id of changed) log(`  ${id}`);
      if (selection !== 'all') {
        const missing = selection.filter((id) => !changed.includes(id));
        if (missing.length > 0) {
          log(`  not dead letters of ${app}: ${missing.join(', ')}`);
          return 1;
        }
      }
    } finally {
      await dataSource.destroy();
    }
  }
  return 0;
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (try: eval "$(bash scripts/stack.sh env)")');
    process.exit(2);
  }
  runOutboxCommand(url, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
