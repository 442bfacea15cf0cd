import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The review queue of the bot's answers, and each conversation's latest customer question. */
export class DeskReview1764900000640 implements MigrationInterface {
  name = 'DeskReview1764900000640';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE review_items (
        tenant_id text NOT NULL,
        reply_id text NOT NULL,
        conversation_id text NOT NULL,
        customer_id text NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        language text NOT NULL,
        confidence double precision NOT NULL,
        sources jsonb NOT NULL,
        answered_at timestamptz NOT NULL,
        reasons text[] NOT NULL DEFAULT '{}',
        flagged_at timestamptz,
        rating text CHECK (rating IN ('helpful', 'not_helpful')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reviewed')),
        verdict text CHECK (verdict IN ('right', 'wrong')),
        correction text,
        reviewer_id text,
        reviewed_at timestamptz,
        PRIMARY KEY (tenant_id, reply_id)
      )`);
    // The queue as supervisors page through it: newest first, only answers with reasons.
    await runner.query(`
      CREATE INDEX review_items_queue ON review_items (tenant_id, status, answered_at DESC, reply_id DESC)
        WHERE reasons <> '{}'`);
    await runner.query(
      `CREATE INDEX review_items_conversation ON review_items (tenant_id, conversation_id)`,
    );
    await runner.query(
      `CREATE INDEX review_items_customer ON review_items (tenant_id, customer_id)`,
    );
    // Unflagged answers are forgotten after a while (ReviewPruner).
    await runner.query(
      `CREATE INDEX review_items_unflagged ON review_items (answered_at) WHERE reasons = '{}'`,
    );
    await runner.query(`
      CREATE TABLE review_questions (
        tenant_id text NOT NULL,
        conversation_id text NOT NULL,
        message_id text NOT NULL,
        customer_id text NOT NULL,
        text text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, conversation_id)
      )`);
    await runner.query(`CREATE INDEX review_questions_at ON review_questions (at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE review_questions, review_items`);
  }
}
