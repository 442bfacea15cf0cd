import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SecretBox } from '@tandem/auth';
import { CachedKeyring } from '@tandem/messaging';
import { ProblemException } from '@tandem/platform';

/**
 * The customers' keys, held by the gateway alone: 32 random bytes per customer, stored
 * sealed with GATEWAY_ENCRYPTION_KEY, created the first time a customer's data is sealed,
 * deleted by erasure (and never created again for an erased customer).
 */
export function gatewayKeyring(
  dataSource: DataSource,
  box: SecretBox,
  ttlMs: number,
): CachedKeyring {
  return new CachedKeyring(
    async (tenantId, customerId) => {
      if (!/^[0-9a-f-]{36}$/i.test(customerId)) throw unknownCustomer(customerId);
      const read = async (): Promise<Buffer | null | undefined> => {
        const rows: { sealed_key: string | null; erased: boolean; known: boolean }[] =
          await dataSource.query(
            `SELECT k.sealed_key,
                    EXISTS (SELECT 1 FROM customer_erasures e WHERE e.customer_id = $1) AS erased,
                    EXISTS (SELECT 1 FROM customers c WHERE c.id = $1 AND c.tenant_id = $2) AS known
               FROM (SELECT 1) AS one
               LEFT JOIN customer_keys k ON k.customer_id = $1 AND k.tenant_id = $2`,
            [customerId, tenantId],
          );
        const row = rows[0]!;
        if (row.erased) return null;
        if (row.sealed_key) return Buffer.from(box.open(row.sealed_key), 'base64');
        if (!row.known) throw unknownCustomer(customerId);
        return undefined;
      };
      const existing = await read();
      if (existing !== undefined) return existing;
      // Two instances may race to create it: the first insert wins, both read the winner.
      await dataSource.query(
        `INSERT INTO customer_keys (customer_id, tenant_id, sealed_key)
         SELECT $1, $2, $3
          WHERE NOT EXISTS (SELECT 1 FROM customer_erasures WHERE customer_id = $1)
         ON CONFLICT (customer_id) DO NOTHING`,
        [customerId, tenantId, box.seal(randomBytes(32).toString('base64'))],
      );
      const created = await read();
      if (created === undefined) throw new Error(`no key could be created for ${customerId}`);
      return created;
    },
    { ttlMs, maxEntries: 100_000 },
  );
}

function unknownCustomer(customerId: string): ProblemException {
  return new ProblemException(404, 'GATEWAY.CUSTOMER_NOT_FOUND', `No customer ${customerId}.`);
}
