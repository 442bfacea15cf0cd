import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const gatewayEnvSchema = baseEnvSchema.extend({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** 32 random bytes, base64: seals channel secrets and provider credentials at rest. */
  GATEWAY_ENCRYPTION_KEY: z
    .string()
    .refine(
      (value) => Buffer.from(value, 'base64').length === 32,
      'GATEWAY_ENCRYPTION_KEY must be 32 bytes, base64-encoded',
    ),
  WEBHOOK_MAX_SKEW_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  WEBHOOK_BODY_LIMIT: z.string().default('256kb'),
  DELIVERY_TIMEOUT_MS: envDurationMs(5_000),
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  DELIVERY_BACKOFF_MS: envDurationMs(500),
  /** Inbound messages per second, shared by every gateway instance through Redis. */
  RATE_LIMIT_CHANNEL_PER_SECOND: z.coerce.number().int().positive().default(200),
  RATE_LIMIT_TENANT_PER_SECOND: z.coerce.number().int().positive().default(500),
  /** How often the gateway erases customers past their tenant's retention period; 0 turns it off. */
  RETENTION_SWEEP_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
