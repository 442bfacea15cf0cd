import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What search serves for a tenant changes whenever one of its published articles or its
 * synonyms change. A trigger counts those changes per tenant, in the same transaction as
 * the change itself, whichever code path made it (API, import, CLI, seed): every replica
 * compares the counter with the one its in-memory index was built from, so a publish or a
 * retire changes answers at once everywhere. Also: per-tenant synonyms, and a trigram index
 * on the segmented search text for typo-tolerant lexical candidates.
 */
export class SearchGenerations1763800000490 implements MigrationInterface {
  name = 'SearchGenerations1763800000490';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE search_generations (
        tenant_id text PRIMARY KEY,
        generation bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE tenant_synonyms (
        tenant_id text PRIMARY KEY,
        groups jsonb NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE FUNCTION bump_search_generation(tenant text) RETURNS void
      LANGUAGE sql SET search_path FROM CURRENT AS $$
        INSERT INTO search_generations AS g (tenant_id, generation) VALUES (tenant, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET generation = g.generation + 1
      $$`);
    // Statement-level with transition tables: an import of 5,000 rows bumps its tenant once.
    await runner.query(`
      CREATE FUNCTION articles_search_changed() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        tenant text;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          FOR tenant IN SELECT DISTINCT tenant_id FROM new_rows WHERE status = 'published' LOOP
            PERFORM bump_search_generation(tenant);
          END LOOP;
        ELSIF TG_OP = 'DELETE' THEN
          FOR tenant IN SELECT DISTINCT tenant_id FROM old_rows WHERE status = 'published' LOOP
            PERFORM bump_search_generation(tenant);
          END LOOP;
        ELSE
          FOR tenant IN
            SELECT DISTINCT tenant_id FROM (
              SELECT tenant_id, status FROM old_rows
              UNION ALL SELECT tenant_id, status FROM new_rows) AS changed
             WHERE status = 'published'
          LOOP
            PERFORM bump_search_generation(tenant);
          END LOOP;
        END IF;
        RETURN NULL;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER articles_search_inserted AFTER INSERT ON articles
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION articles_search_changed()`);
    await runner.query(`
      CREATE TRIGGER articles_search_updated AFTER UPDATE ON articles
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION articles_search_changed()`);
    await runner.query(`
      CREATE TRIGGER articles_search_deleted AFTER DELETE ON articles
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION articles_search_changed()`);
    await runner.query(`
      CREATE FUNCTION synonyms_search_changed() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        PERFORM bump_search_generation(COALESCE(NEW.tenant_id, OLD.tenant_id));
        RETURN NULL;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER synonyms_search_changed AFTER INSERT OR UPDATE OR DELETE ON tenant_synonyms
      FOR EACH ROW EXECUTE FUNCTION synonyms_search_changed()`);
    await runner.query(
      `CREATE INDEX articles_search_trgm ON articles USING gin (search_text gin_trgm_ops)
        WHERE status = 'published'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX articles_search_trgm`);
    await runner.query(`DROP TRIGGER synonyms_search_changed ON tenant_synonyms`);
    for (const event of ['inserted', 'updated', 'deleted'])
      await runner.query(`DROP TRIGGER articles_search_${event} ON articles`);
    await runner.query(`DROP FUNCTION synonyms_search_changed(), articles_search_changed()`);
    await runner.query(`DROP FUNCTION bump_search_generation(text)`);
    await runner.query(`DROP TABLE tenant_synonyms, search_generations`);
  }
}
