import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Policy replays asked for through the API: what was asked, how far it got, its report. */
export class RouterReplayJobs1765100000300 implements MigrationInterface {
  name = 'RouterReplayJobs1765100000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE replay_jobs (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        policy jsonb NOT NULL,
        requested_by text NOT NULL,
        records_read bigint NOT NULL DEFAULT 0,
        records_total bigint NOT NULL DEFAULT 0,
        report jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX replay_jobs_pending ON replay_jobs (created_at) WHERE status IN ('queued', 'running')`,
    );
    await runner.query(
      `CREATE INDEX replay_jobs_tenant ON replay_jobs (tenant_id, created_at DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE replay_jobs`);
  }
}
