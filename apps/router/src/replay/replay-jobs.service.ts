import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import type { CustomerKeyring, Kafka } from '@tandem/messaging';
import type { Logger } from '@tandem/observability';
import {
  APP_CONFIG,
  CUSTOMER_KEYRING,
  KAFKA,
  LOGGER,
  PeriodicTask,
  ProblemException,
} from '@tandem/platform';
import type { RouterConfig } from '../config';
import {
  policyDocumentSchema,
  type EscalationPolicy,
  type PolicyDocument,
} from '../escalation/policy';
import { PolicyService } from '../policies/policy.service';
import { logReplaySchema, replayLog, type LogReplay } from './replay-log';

/** A replay whose worker has not reported for this long is taken over by another (it died). */
const STALE_AFTER_S = 60;
/** How often progress is written while a replay runs (and how often idle workers look for work). */
const TICK_MS = 1_000;

export const replayStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type ReplayStatus = z.infer<typeof replayStatusSchema>;

const timestamp = z.iso.datetime();

/** A replay as the API shows it (`GET /v1/replays/{id}`). */
export const replayJobViewSchema = z.object({
  id: z.uuid(),
  status: replayStatusSchema,
  policyVersion: z
    .number()
    .int()
    .min(0)
    .describe('The candidate: a stored version, or 0 for a policy sent with the request'),
  policy: policyDocumentSchema,
  requestedBy: z.string().describe('The subject of the token or API key that asked for it'),
  progress: z
    .object({ read: z.number().int().min(0), total: z.number().int().min(0) })
    .describe('Log records read so far, of those on the log when the replay began'),
  report: logReplaySchema.nullable().describe('When done'),
  error: z.string().nullable().describe('When failed'),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});
export type ReplayJobView = z.infer<typeof replayJobViewSchema>;

/** A replay in the list (`GET /v1/replays`): without its policy and report. */
export const replaySummarySchema = replayJobViewSchema.omit({ policy: true, report: true });
export type ReplaySummary = z.infer<typeof replaySummarySchema>;

interface JobRow {
  id: string;
  tenant_id: string;
  status: ReplayStatus;
  policy: EscalationPolicy;
  requested_by: string;
  records_read: string;
  records_total: string;
  report: LogReplay | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * Policy replays through the API: a request is stored and answered at once (202); a worker
 * in some router instance reads the log and stores the report. A replay only reads: no event
 * is published and nothing else is written. One replay at a time per instance; a replay whose
 * instance died is taken over after STALE_AFTER_S.
 */
@Injectable()
export class ReplayJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;
  private busy = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PolicyService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CUSTOMER_KEYRING) private readonly keyring: CustomerKeyring,
    @Inject(APP_CONFIG) private readonly config: RouterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(
      TICK_MS * 5,
      () => this.work(),
      (error) => this.logger.warn({ err: error }, 'replay worker failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Queues a replay of a candidate: the policy sent, a stored version, or the current one. */
  async request(
    principal: Principal,
    candidate: { policy?: PolicyDocument; version?: number },
  ): Promise<ReplayJobView> {
    const policy: EscalationPolicy = candidate.policy
      ? { ...candidate.policy, version: 0 }
      : candidate.version !== undefined
        ? await this.storedVersion(principal.tenantId, candidate.version)
        : await this.policies.current(principal.tenantId);
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO replay_jobs (id, tenant_id, status, policy, requested_by)
       VALUES ($1, $2, 'queued', $3, $4)`,
      [id, principal.tenantId, JSON.stringify(policy), principal.subject],
    );
    void this.work().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'replay worker failed; will retry'),
    );
    return this.get(principal.tenantId, id);
  }

  async get(tenantId: string, id: string): Promise<ReplayJobView> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM replay_jobs WHERE tenant_id = $1 AND id::text = $2`,
      [tenantId, id],
    )) as JobRow[];
    if (!row) throw new ProblemException(404, 'ROUTER.REPLAY_NOT_FOUND', `No replay ${id}.`);
    return view(row);
  }

  async recent(tenantId: string): Promise<ReplaySummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM replay_jobs WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 20`,
      [tenantId],
    )) as JobRow[];
    return rows.map((row) => {
      const { report: _report, policy: _policy, ...rest } = view(row);
      return rest;
    });
  }

  /** Runs waiting replays one after another until none is left. */
  async work(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = await this.claim(); job; job = await this.claim()) await this.run(job);
    } finally {
      this.busy = false;
    }
  }

  private async claim(): Promise<JobRow | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE replay_jobs SET status = 'running', started_at = now(), heartbeat_at = now(),
              records_read = 0, records_total = 0
        WHERE id = (
          SELECT id FROM replay_jobs
           WHERE status = 'queued'
              OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
           ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [STALE_AFTER_S],
    )) as [JobRow[], number];
    return rows[0] ?? null;
  }

  private async run(job: JobRow): Promise<void> {
    this.logger.info({ replay: job.id, tenantId: job.tenant_id }, 'replay started');
    let lastWrite = 0;
    try {
      const report = await replayLog({
        kafka: this.kafka,
        keyring: this.keyring,
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
        tenantId: job.tenant_id,
        policy: job.policy,
        onProgress: (progress) => {
          const now = Date.now();
          if (now - lastWrite < TICK_MS) return;
          lastWrite = now;
          void this.dataSource
            .query(
              `UPDATE replay_jobs SET records_read = $2, records_total = $3, heartbeat_at = now()
                WHERE id = $1 AND status = 'running'`,
              [job.id, progress.read, progress.total],
            )
            .catch(() => undefined);
        },
      });
      await this.dataSource.query(
        `UPDATE replay_jobs SET status = 'done', report = $2, records_read = $3,
                records_total = GREATEST(records_total, $3), finished_at = now(), heartbeat_at = now()
          WHERE id = $1`,
        [job.id, JSON.stringify(report), report.recordsRead],
      );
      this.logger.info(
        { replay: job.id, conversations: report.conversations, ms: report.durationMs },
        'replay done',
      );
    } catch (error) {
      this.logger.error({ err: error, replay: job.id }, 'replay failed');
      await this.dataSource.query(
        `UPDATE replay_jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
        [job.id, (error as Error).message?.slice(0, 1_000) ?? 'failed'],
      );
    }
  }

  private async storedVersion(tenantId: string, version: number): Promise<EscalationPolicy> {
    const stored = await this.policies.version(tenantId, version);
    return { ...stored.policy, version: stored.version };
  }
}

function view(row: JobRow): ReplayJobView {
  const { version, ...policy } = row.policy;
  return {
    id: row.id,
    status: row.status,
    policyVersion: version,
    policy,
    requestedBy: row.requested_by,
    progress: { read: Number(row.records_read), total: Number(row.records_total) },
    report: row.report,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
