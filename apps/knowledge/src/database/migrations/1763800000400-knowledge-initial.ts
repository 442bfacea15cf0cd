import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KnowledgeInitial1763800000400 implements MigrationInterface {
  name = 'KnowledgeInitial1763800000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await runner.query(`
      CREATE TABLE articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        questions text[] NOT NULL DEFAULT '{}',
        locale text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        source text NOT NULL CHECK (source IN ('written', 'imported', 'learned')),
        source_conversation_id text,
        search_text text NOT NULL,
        search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX articles_search ON articles USING gin (search_vector)`);
    await runner.query(`CREATE INDEX articles_tenant_status ON articles (tenant_id, status)`);
    await runner.query(`
      CREATE TABLE case_messages (
        message_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'agent')),
        text text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX case_messages_conversation ON case_messages (tenant_id, conversation_id, at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE case_messages, articles`);
  }
}
