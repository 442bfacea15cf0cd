import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ServiceClient } from '@tandem/platform';
import type { BotConfig } from '../config';
import { customerProfileSchema, factsOf, type CustomerFacts } from './customer-facts';

/** How long a customer's facts are reused before the gateway is asked again. */
const CACHE_MS = 30_000;
/** After a failure: soon enough to personalise again once the gateway is back. */
const FAILURE_CACHE_MS = 5_000;
const CACHE_ENTRIES = 10_000;

/**
 * The customer's records from the gateway (tier, name, attributes, history across channels),
 * for personal answers. Optional by nature: when the gateway cannot say, the bot answers as
 * it would for anyone. Cached briefly per customer; an erasure evicts at once.
 */
@Injectable()
export class CustomerProfiles {
  private readonly cache = new Map<string, { facts: CustomerFacts | null; until: number }>();

  constructor(
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: BotConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async of(tenantId: string, customerId: string, now = Date.now()): Promise<CustomerFacts | null> {
    const key = `${tenantId}/${customerId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.facts;
    let facts: CustomerFacts | null;
    try {
      facts = factsOf(
        await this.services.get(
          `${this.config.GATEWAY_URL}/v1/customers/${encodeURIComponent(customerId)}`,
          tenantId,
          customerProfileSchema,
          this.config.GATEWAY_TIMEOUT_MS,
        ),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, customerId },
        'customer profile unavailable; answering without it',
      );
      facts = null;
    }
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.delete(key);
    this.cache.set(key, { facts, until: now + (facts ? CACHE_MS : FAILURE_CACHE_MS) });
    return facts;
  }

  /** An erased customer's records are forgotten at once. */
  forget(tenantId: string, customerIds: readonly string[]): void {
    for (const id of customerIds) this.cache.delete(`${tenantId}/${id}`);
  }
}
