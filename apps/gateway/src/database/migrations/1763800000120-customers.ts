import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customer profiles, and an audit trail of every change made to who a customer is. */
export class Customers1763800000120 implements MigrationInterface {
  name = 'Customers1763800000120';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        display_name text,
        tier text NOT NULL DEFAULT 'standard',
        tags text[] NOT NULL DEFAULT '{}',
        attributes jsonb NOT NULL DEFAULT '{}',
        merged_into uuid REFERENCES customers (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX customers_tenant ON customers (tenant_id)`);
    await runner.query(`
      INSERT INTO customers (id, tenant_id)
      SELECT DISTINCT customer_id, tenant_id FROM customer_identities
      ON CONFLICT DO NOTHING`);
    await runner.query(`
      CREATE TABLE customer_audit (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        customer_id uuid NOT NULL,
        action text NOT NULL,
        detail jsonb NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX customer_audit_customer ON customer_audit (tenant_id, customer_id, at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE customer_audit, customers`);
  }
}
