import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, ServiceClient } from '@tandem/platform';
import type { RouterConfig } from '../config';
import type { HandoffCustomer } from './handoff';

const profileSchema = z.object({
  tier: z.string(),
  displayName: z.string().nullable(),
  conversations: z.array(
    z.object({ id: z.string(), channelId: z.string(), status: z.string(), createdAt: z.string() }),
  ),
});

/** The most recent conversations the handoff lists. */
const HISTORY = 20;

/**
 * Who the customer is, across channels, for the handoff: the gateway's profile (tier, name,
 * their conversations on every channel). Never holds a decision up for long: after
 * ROUTER_PROFILE_TIMEOUT_MS, or on any failure, the handoff goes without it (the desk can
 * read the profile itself).
 */
@Injectable()
export class CustomerDirectory {
  constructor(
    private readonly services: ServiceClient,
    @Inject(APP_CONFIG) private readonly config: RouterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async profile(tenantId: string, customerId: string): Promise<HandoffCustomer | null> {
    try {
      const profile = await this.services.get(
        `${this.config.GATEWAY_URL}/v1/customers/${encodeURIComponent(customerId)}`,
        tenantId,
        profileSchema,
        this.config.ROUTER_PROFILE_TIMEOUT_MS,
      );
      return {
        tier: profile.tier.slice(0, 32),
        displayName: profile.displayName?.slice(0, 200) ?? null,
        conversations: [...profile.conversations]
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, HISTORY)
          .map(({ id, channelId, status, createdAt }) => ({
            id,
            channelId,
            status: status.slice(0, 32),
            createdAt: new Date(createdAt).toISOString(),
          })),
      };
    } catch (error) {
      this.logger.warn({ err: error, customerId }, 'customer profile unavailable for the handoff');
      return null;
    }
  }
}
