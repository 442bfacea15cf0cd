import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A queue's recent assignments (its pace, for the expected wait), counted without a scan. */
export class DeskQueuePace1764800000520 implements MigrationInterface {
  name = 'DeskQueuePace1764800000520';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX conversations_assigned ON conversations (tenant_id, queue, assigned_at) WHERE assigned_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversations_assigned`);
  }
}
