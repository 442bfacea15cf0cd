import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A resolved conversation takes the customer's next message until then (the desk reopens it). */
export class GatewayReopenWindow1764900000620 implements MigrationInterface {
  name = 'GatewayReopenWindow1764900000620';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversations ADD COLUMN reopen_until timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conversations DROP COLUMN reopen_until`);
  }
}
