import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agents' schedules: employment and weekly shifts with dated exceptions, one per agent. */
export class DeskAgentSchedules1764900000670 implements MigrationInterface {
  name = 'DeskAgentSchedules1764900000670';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE agent_schedules (
        tenant_id text NOT NULL REFERENCES tenants (id),
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        schedule jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, agent_id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX agent_schedules_agent ON agent_schedules (agent_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE agent_schedules`);
  }
}
