import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content gaps: questions the bot deferred or answered with low confidence, grouped by
 * similarity. `term_counts` is the group's vocabulary; `signature` its most frequent terms,
 * indexed so a new question finds the groups it could belong to.
 */
export class ContentGaps1763800000450 implements MigrationInterface {
  name = 'ContentGaps1763800000450';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE content_gaps (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        signature text[] NOT NULL,
        term_counts jsonb NOT NULL,
        occurrences int NOT NULL,
        status text NOT NULL DEFAULT 'open',
        closed_by_article_id text,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX content_gaps_signature ON content_gaps USING gin (signature)`);
    await runner.query(
      `CREATE INDEX content_gaps_rank ON content_gaps (tenant_id, status, occurrences DESC)`,
    );
    await runner.query(`
      CREATE TABLE gap_questions (
        message_id text PRIMARY KEY,
        gap_id uuid NOT NULL REFERENCES content_gaps (id) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        text text NOT NULL,
        reason text NOT NULL,
        confidence real NOT NULL,
        at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX gap_questions_gap ON gap_questions (gap_id, at DESC)`);
    await runner.query(
      `CREATE INDEX gap_questions_conversation ON gap_questions (tenant_id, conversation_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE gap_questions, content_gaps`);
  }
}
