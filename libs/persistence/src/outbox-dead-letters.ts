/** What the operator tools need of a connection (a DataSource fits). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface OutboxDeadLetter {
  seq: string;
  eventId: string;
  type: string | null;
  tenantId: string | null;
  aggregateId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadLetteredAt: Date;
}

/** Which dead letters an operator means: every one, or these event ids. */
export type DeadLetterSelection = 'all' | readonly string[];

function where(selection: DeadLetterSelection): { sql: string; parameters: unknown[] } {
  return selection === 'all'
    ? { sql: 'dead_lettered_at IS NOT NULL', parameters: [] }
    : {
        sql: 'dead_lettered_at IS NOT NULL AND event_id = ANY($1::uuid[])',
        parameters: [selection],
      };
}

/** The dead letters of one app's outbox, oldest first (no payloads: they hold personal data). */
export async function listOutboxDeadLetters(
  db: Queryable,
  schema: string,
): Promise<OutboxDeadLetter[]> {
  return (await db.query(
    `SELECT seq::text AS seq, event_id AS "eventId", event->>'type' AS type,
            event->>'tenantId' AS "tenantId", event->>'aggregateId' AS "aggregateId",
            attempts, last_error AS "lastError", created_at AS "createdAt",
            dead_lettered_at AS "deadLetteredAt"
       FROM "${schema}".outbox
      WHERE dead_lettered_at IS NOT NULL
      ORDER BY seq`,
  )) as OutboxDeadLetter[];
}

/**
 * Puts dead letters back in the relay's way: they keep their place (seq), so they go out
 * before anything written after them that is still waiting, and after what already went
 * out. One that still cannot be published is dead-lettered again, with the new error.
 * Returns the event ids put back.
 */
export async function retryOutboxDeadLetters(
  db: Queryable,
  schema: string,
  selection: DeadLetterSelection,
): Promise<string[]> {
  const { sql, parameters } = where(selection);
  // Through a CTE, so every driver answers with plain rows.
  const rows = (await db.query(
    `WITH put_back AS (
       UPDATE "${schema}".outbox SET dead_lettered_at = NULL WHERE ${sql} RETURNING seq, event_id
     )
     SELECT event_id FROM put_back ORDER BY seq`,
    parameters,
  )) as { event_id: string }[];
  return rows.map((row) => row.event_id);
}

/** Deletes dead letters for good (nobody will ever see those events). Returns their ids. */
export async function dropOutboxDeadLetters(
  db: Queryable,
  schema: string,
  selection: DeadLetterSelection,
): Promise<string[]> {
  const { sql, parameters } = where(selection);
  const rows = (await db.query(
    `WITH dropped AS (DELETE FROM "${schema}".outbox WHERE ${sql} RETURNING seq, event_id)
     SELECT event_id FROM dropped ORDER BY seq`,
    parameters,
  )) as { event_id: string }[];
  return rows.map((row) => row.event_id);
}
