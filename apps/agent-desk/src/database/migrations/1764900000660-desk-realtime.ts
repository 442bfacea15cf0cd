import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Presence from the realtime connection: which sockets each agent holds on which desk
 * instance, the instances' heartbeats (a crashed instance's sockets are reaped), and when an
 * agent's last socket went (the grace before they become away counts from then).
 */
export class DeskRealtime1764900000660 implements MigrationInterface {
  name = 'DeskRealtime1764900000660';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE agents ADD COLUMN disconnected_at timestamptz`);
    await runner.query(
      `CREATE INDEX agents_disconnected ON agents (disconnected_at) WHERE disconnected_at IS NOT NULL`,
    );
    await runner.query(`
      CREATE TABLE realtime_instances (
        id text PRIMARY KEY,
        seen_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE agent_sockets (
        socket_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        agent_id uuid NOT NULL,
        instance_id text NOT NULL,
        connected_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX agent_sockets_agent ON agent_sockets (agent_id)`);
    await runner.query(`CREATE INDEX agent_sockets_instance ON agent_sockets (instance_id)`);
    // The waiting count and longest wait of one queue, pushed to agents on every queue change.
    await runner.query(
      `CREATE INDEX conversations_queue_waiting ON conversations (tenant_id, queue, queued_at) WHERE status IN ('queued', 'offered')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversations_queue_waiting`);
    await runner.query(`DROP TABLE agent_sockets`);
    await runner.query(`DROP TABLE realtime_instances`);
    await runner.query(`DROP INDEX agents_disconnected`);
    await runner.query(`ALTER TABLE agents DROP COLUMN disconnected_at`);
  }
}
