import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface StackEnv {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
  REDIS_URL: string;
}

/** The repository root, from the sources or from dist/ alike. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nest-cli.json above ${from}`);
  }
}

/**
 * Where the real Kafka, Postgres and Redis are: the environment (set by the Jest global
 * setup, from testcontainers or from scripts/stack.sh), else the stack script's env file.
 */
export function stackEnv(): StackEnv {
  const fromEnv = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
  };
  if (fromEnv.KAFKA_BROKERS && fromEnv.DATABASE_URL && fromEnv.REDIS_URL)
    return fromEnv as StackEnv;
  const file = join(process.env.TANDEM_STACK_DIR ?? join(REPO_ROOT, '.stack'), 'env');
  if (!existsSync(file)) {
    throw new Error(`No stack found: run "bash scripts/stack.sh up" first (looked for ${file}).`);
  }
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^['"]|['"]$/g, '');
  }
  return {
    KAFKA_BROKERS: values.KAFKA_BROKERS!,
    DATABASE_URL: values.DATABASE_URL!,
    REDIS_URL: values.REDIS_URL!,
  };
}

/** A short random id for tenants, topic prefixes and database names, so tests never collide. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A fresh, empty database on the stack's Postgres; returns its URL. */
export async function createTestDatabase(baseUrl = stackEnv().DATABASE_URL): Promise<string> {
  const name = uniqueId('tandem_test_');
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!name.startsWith('tandem_test_')) throw new Error(`refusing to drop ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
