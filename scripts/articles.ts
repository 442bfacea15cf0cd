import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';

/**
 * Bulk import and export of a tenant's articles through the knowledge API (admin role).
 * The tenant is the one of the token or API key.
 *
 *   npm run articles -- import articles.csv --token <jwt> [--mode valid-only] [--dry-run]
 *   npm run articles -- export --format csv --out articles.csv --api-key tdk_…
 *
 * --url (or KNOWLEDGE_URL) defaults to http://127.0.0.1:3004; --token / TANDEM_TOKEN or
 * --api-key / TANDEM_API_KEY authenticate. Exit code 0 when everything was imported,
 * 1 when rows were rejected or the call was refused, 2 on usage errors.
 */
const USAGE =
  'usage: articles import <file.csv|file.json> [--mode all-or-nothing|valid-only] [--dry-run] [--source-ref <text>]\n' +
  '       articles export [--format json|csv|markdown] [--status <status>] [--out <file>]\n' +
  '       common: [--url <knowledge url>] (--token <jwt> | --api-key <key>)';

const CHUNK_BYTES = 64 * 1024;

interface ImportAnswer {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowProblem[];
}
interface RowProblem {
  row: number;
  errors: { field: string; message: string }[];
}

function progressBar(label: string): SingleBar {
  return new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`, hideCursor: true },
    Presets.shades_classic,
  );
}

function describeRows(rows: readonly RowProblem[], unit: string): string[] {
  return rows.map(
    (row) =>
      `  ${unit} ${row.row}: ${row.errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`,
  );
}

async function importFile(
  base: string,
  auth: Record<string, string>,
  file: string,
  options: { mode: string; dryRun: boolean; sourceRef?: string },
): Promise<number> {
  const bytes = readFileSync(file);
  const type = extname(file).toLowerCase() === '.json' ? 'application/json' : 'text/csv';
  const unit = type === 'text/csv' ? 'line' : 'index';
  const query = new URLSearchParams({ mode: options.mode, dryRun: String(options.dryRun) });
  query.set('sourceRef', options.sourceRef ?? file);
  const bar = progressBar('upload');
  bar.start(bytes.length, 0);
  let sent = 0;
  // Streamed in chunks so the bar follows the upload of a large file.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.length) {
        controller.close();
        return;
      }
      const chunk = bytes.subarray(sent, sent + CHUNK_BYTES);
      sent += chunk.length;
      bar.update(sent);
      controller.enqueue(chunk);
    },
  });
  const response = await fetch(`${base}/v1/articles/import?${query.toString()}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': type },
    body,
    duplex: 'half',
  } as RequestInit);
  bar.stop();
  const answer = (await response.json()) as ImportAnswer & {
    code?: string;
    detail?: string;
    rows?: RowProblem[];
  };
  if (response.status === 422 && answer.rows) {
    console.error(`${answer.detail}`);
    for (const line of describeRows(answer.rows, unit)) console.error(line);
    console.error('Fix these rows, or import the valid ones with --mode valid-only.');
    return 1;
  }
  if (!response.ok) {
    console.error(`refused: ${response.status} ${answer.code ?? ''} ${answer.detail ?? ''}`);
    return 1;
  }
  const verb = answer.dryRun ? 'would be' : 'were';
  console.log(
    `${answer.created} created, ${answer.updated} updated, ${answer.unchanged} unchanged ${verb} imported; ${answer.rejected.length} rejected`,
  );
  for (const line of describeRows(answer.rejected, unit)) console.error(line);
  return answer.rejected.length > 0 ? 1 : 0;
}

async function exportTo(
  base: string,
  auth: Record<string, string>,
  options: { format: string; status?: string; out?: string },
): Promise<number> {
  const query = new URLSearchParams({ format: options.format });
  if (options.status) query.set('status', options.status);
  const response = await fetch(`${base}/v1/articles/export?${query.toString()}`, {
    headers: auth,
  });
  if (!response.ok || !response.body) {
    console.error(`refused: ${response.status} ${await response.text()}`);
    return 1;
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const bar = progressBar('download');
  bar.start(total, 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    // Without a length the total grows with what arrived, so the bar still moves.
    if (received > total) bar.setTotal(received);
    bar.update(received);
  }
  bar.stop();
  const bytes = Buffer.concat(chunks);
  if (options.out) {
    writeFileSync(options.out, bytes);
    console.log(`wrote ${bytes.length} bytes to ${options.out}`);
  } else process.stdout.write(bytes);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'api-key': { type: 'string' },
      mode: { type: 'string', default: 'all-or-nothing' },
      'dry-run': { type: 'boolean', default: false },
      'source-ref': { type: 'string' },
      format: { type: 'string', default: 'json' },
      status: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const base = (values.url ?? process.env.KNOWLEDGE_URL ?? 'http://127.0.0.1:3004').replace(
    /\/$/,
    '',
  );
  const token = values.token ?? process.env.TANDEM_TOKEN;
  const apiKey = values['api-key'] ?? process.env.TANDEM_API_KEY;
  const auth: Record<string, string> = token
    ? { authorization: `Bearer ${token}` }
    : apiKey
      ? { 'x-api-key': apiKey }
      : {};
  const [command, file] = positionals;
  if (Object.keys(auth).length === 0 || (command === 'import' && !file)) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'import')
    return importFile(base, auth, file!, {
      mode: values.mode!,
      dryRun: values['dry-run']!,
      sourceRef: values['source-ref'],
    });
  if (command === 'export')
    return exportTo(base, auth, { format: values.format!, status: values.status, out: values.out });
  console.error(USAGE);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
