import { z } from 'zod';
import type { TokenService } from '@tandem/auth';
import type { BaseConfig } from '@tandem/config';
import {
  CachedKeyring,
  KeyUnavailableError,
  UnknownCustomerKeyError,
  type CustomerKeyring,
} from '@tandem/messaging';

const keyResponse = z.object({ key: z.string().min(1) });
const CUSTOMER_NOT_FOUND = 'GATEWAY.CUSTOMER_NOT_FOUND';

const problemBody = z.object({ code: z.string() });

/** The stable code of a problem+json answer, or null when the body is not one. */
async function problemCode(response: Response): Promise<string | null> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = problemBody.safeParse(body);
  return parsed.success ? parsed.data.code : null;
}

/**
 * Customers' keys fetched from the gateway (which alone creates and destroys them), with a
 * service token for the customer's tenant, and kept in memory for CUSTOMER_KEY_CACHE_MS.
 * 410 means the customer was erased: their fields read as erased from then on. 404 with the
 * gateway's GATEWAY.CUSTOMER_NOT_FOUND code means it does not know the customer
 * (UnknownCustomerKeyError: permanent). A 404 without that code (a wrong GATEWAY_URL, a proxy)
 * says nothing about the customer: like every other answer it is an error callers retry.
 */
export function remoteKeyring(deps: {
  tokens: TokenService;
  config: Pick<BaseConfig, 'GATEWAY_URL' | 'CUSTOMER_KEY_CACHE_MS'>;
  service: string;
}): CustomerKeyring {
  const base = deps.config.GATEWAY_URL.replace(/\/+$/, '');
  return new CachedKeyring(
    async (tenantId, customerId) => {
      const token = deps.tokens.issueService(deps.service, tenantId);
      const url = `${base}/v1/internal/customer-keys/${encodeURIComponent(customerId)}`;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5_000),
        });
      } catch (error) {
        throw new KeyUnavailableError('the gateway did not answer for a customer key', {
          cause: error,
        });
      }
      if (response.status === 410) return null;
      if (response.status >= 500 || response.status === 429)
        throw new KeyUnavailableError(`the gateway answered ${response.status} for a customer key`);
      if (response.status === 404 && (await problemCode(response)) === CUSTOMER_NOT_FOUND)
        throw new UnknownCustomerKeyError(`the gateway does not know customer ${customerId}`);
      if (!response.ok)
        throw new Error(`the gateway answered ${response.status} for the key of ${customerId}`);
      const { key } = keyResponse.parse(await response.json());
      const bytes = Buffer.from(key, 'base64');
      if (bytes.length !== 32) throw new Error('the gateway sent a key of the wrong length');
      return bytes;
    },
    { ttlMs: deps.config.CUSTOMER_KEY_CACHE_MS, maxEntries: 10_000 },
  );
}
