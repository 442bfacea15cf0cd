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
  /** How long a web chat session token is valid (a widget renews it with its previous token). */
  WEBCHAT_SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(24 * 3_600),
  /** How long after expiry a previous token still renews the same visitor (their history). */
  WEBCHAT_SESSION_RENEWAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 24 * 3_600),
  /** Messages a reconnecting visitor gets back. */
  WEBCHAT_HISTORY_LIMIT: z.coerce.number().int().min(1).max(500).default(50),
  /** Session creations per second from one IP address on one channel. */
  WEBCHAT_SESSIONS_PER_SECOND_PER_IP: z.coerce.number().int().positive().default(10),
  /** Messages per second from one visitor, so one visitor cannot use up the channel's limit. */
  WEBCHAT_MESSAGES_PER_SECOND_PER_VISITOR: z.coerce.number().int().positive().default(5),
  /** A visitor's repeated typing signals within this time are dropped. */
  WEBCHAT_TYPING_THROTTLE_MS: envDurationMs(1_000),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
