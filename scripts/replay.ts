import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { Client } from 'pg';
import { TokenService } from '@tandem/auth';
import { loadConfig } from '@tandem/config';
import { createKafka } from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { remoteKeyring } from '@tandem/platform';
import { routerEnvSchema } from '../apps/router/src/config';
import {
  DEFAULT_POLICY,
  policyDocumentSchema,
  type EscalationPolicy,
} from '../apps/router/src/escalation/policy';
import { replayLog, type LogReplay } from '../apps/router/src/replay/replay-log';

/**
 * How a candidate escalation policy would have decided on a tenant's past conversations,
 * read from the log; nothing is published or stored.
 *
 *   npm run replay -- --tenant <id> [--policy candidate.json | --version <n>] [--json]
 *
 * Without --policy or --version: the tenant's current policy. Needs the apps' environment
 * (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, DATABASE_URL, JWT_SECRET, GATEWAY_URL: customers'
 * keys open their messages). Exit code 0 on success, 1 on errors, 2 on usage errors.
 */
const USAGE = 'usage: replay --tenant <id> [--policy candidate.json | --version <n>] [--json]';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      policy: { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.tenant || (values.policy && values.version)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(routerEnvSchema);
  const policy = values.policy
    ? candidateFrom(values.policy)
    : await storedPolicy(config.DATABASE_URL, values.tenant, values.version);
  if (!policy) {
    console.error(`tenant ${values.tenant} has no policy version ${values.version}`);
    return 1;
  }
  const logger = createLogger('replay', 'warn');
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'tandem-replay', logger });
  const keyring = remoteKeyring({
    tokens: new TokenService({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER }),
    config,
    service: 'router',
  });
  const bar = new SingleBar(
    {
      format: 'replay [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  const report = await replayLog({
    kafka,
    keyring,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    tenantId: values.tenant,
    policy,
    onProgress: ({ read, total }) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(read);
    },
  });
  if (started) bar.stop();
  console.log(values.json ? JSON.stringify(report, null, 2) : describe(report));
  return 0;
}

function candidateFrom(file: string): EscalationPolicy {
  const parsed = policyDocumentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file} is not a valid policy: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { ...parsed.data, version: 0 };
}

/** A stored version, or the current one; the built-in default when the tenant has none. */
async function storedPolicy(
  databaseUrl: string,
  tenantId: string,
  version: string | undefined,
): Promise<EscalationPolicy | null> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ version: number; policy: unknown }>(
      version === undefined
        ? `SELECT version, policy FROM router.policies WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`
        : `SELECT version, policy FROM router.policies WHERE tenant_id = $1 AND version = $2`,
      version === undefined ? [tenantId] : [tenantId, Number(version)],
    );
    const row = rows[0];
    if (!row)
      return version === undefined || Number(version) === DEFAULT_POLICY.version
        ? DEFAULT_POLICY
        : null;
    return { ...policyDocumentSchema.parse(row.policy), version: row.version };
  } finally {
    await db.end();
  }
}

function describe(report: LogReplay): string {
  const pct = (rate: number) => `${(rate * 100).toFixed(1)} %`;
  const reasons = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || '-';
  const lines = [
    `tenant ${report.tenantId}, candidate policy version ${report.policyVersion || 'unsaved'}`,
    `${report.conversations} conversations, ${report.events} events (${report.recordsRead} records read) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `escalated on the log: ${report.actual.escalated} (${pct(report.actual.rate)}): ${reasons(report.actual.reasons)}`,
    `escalated by the candidate: ${report.candidate.escalated} (${pct(report.candidate.rate)}): ${reasons(report.candidate.reasons)}`,
    `both escalated: ${report.timing.both}; candidate earlier in ${report.timing.earlier}, at the same turn in ${report.timing.same}; mean ${report.timing.meanTurnsEarlier?.toFixed(2) ?? '-'} turns earlier (median ${report.timing.medianTurnsEarlier ?? '-'})`,
    `outcome changes: ${report.changed.newlyEscalated} newly escalated, ${report.changed.notEscalated} not escalated before the log did`,
  ];
  for (const example of report.changed.examples.slice(0, 20))
    lines.push(
      `  ${example.conversationId}: log ${example.actual ? `turn ${example.actual.turn} ${example.actual.reasons.join('+')}` : 'never'} → candidate ${example.candidate ? `turn ${example.candidate.turn} ${example.candidate.reasons.join('+')}` : 'not before'}`,
    );
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
