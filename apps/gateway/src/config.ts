import { z } from 'zod';
import { baseEnvSchema, envBool, envDurationMs } from '@tandem/config';

export const gatewayEnvSchema = baseEnvSchema
  .extend({
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
    /** For provider webhooks (`/v1/channels/{id}/webhook`): an e-mail carries its attachments inline. */
    WEBHOOK_PROVIDER_BODY_LIMIT: z.string().default('40mb'),
    DELIVERY_TIMEOUT_MS: envDurationMs(5_000),
    DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    DELIVERY_BACKOFF_MS: envDurationMs(500),
    /** Inbound messages per second, shared by every gateway instance through Redis. */
    RATE_LIMIT_CHANNEL_PER_SECOND: z.coerce.number().int().positive().default(200),
    RATE_LIMIT_TENANT_PER_SECOND: z.coerce.number().int().positive().default(500),
    /** How often the gateway erases customers past their tenant's retention period; 0 turns it off. */
    RETENTION_SWEEP_MS: z.coerce.number().int().min(0).default(3_600_000),
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
    /** Uploads per minute from one visitor (each may be up to ATTACHMENT_MAX_BYTES). */
    WEBCHAT_UPLOADS_PER_MINUTE_PER_VISITOR: z.coerce.number().int().positive().default(20),
    /** How long an upload waits to be sent in a message; after that it is deleted. */
    WEBCHAT_UPLOAD_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(24 * 3_600),
    /** How often each gateway instance deletes expired, never-sent uploads; 0 turns it off. */
    WEBCHAT_UPLOAD_SWEEP_MS: z.coerce.number().int().min(0).default(300_000),

    /** Where attachment bytes go: a local directory, or any S3-compatible API. */
    ATTACHMENT_STORE: z.enum(['local', 's3']).default('local'),
    ATTACHMENT_DIR: z.string().min(1).default('./var/attachments'),
    ATTACHMENT_S3_ENDPOINT: z.url().optional(),
    ATTACHMENT_S3_REGION: z.string().min(1).default('us-east-1'),
    ATTACHMENT_S3_BUCKET: z.string().min(1).optional(),
    /** MinIO and most S3-compatible servers want bucket-in-path URLs. */
    ATTACHMENT_S3_FORCE_PATH_STYLE: envBool(true),
    ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Where the chat widget's build is (default: dist/widget beside the compiled gateway). */
    WIDGET_DIR: z.string().min(1).optional(),
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    ATTACHMENT_MAX_PER_MESSAGE: z.coerce.number().int().min(0).max(20).default(10),
    ATTACHMENT_DOWNLOAD_TIMEOUT_MS: envDurationMs(15_000),
    /** Allowed content types per kind, comma-separated; `type/*` allows a whole family. */
    ATTACHMENT_TYPES_IMAGE: mimeList('image/jpeg,image/png,image/gif,image/webp,image/heic'),
    ATTACHMENT_TYPES_VOICE: mimeList(
      'audio/amr,audio/speex,audio/mpeg,audio/mp4,audio/aac,audio/ogg,audio/wav,audio/webm,audio/3gpp',
    ),
    ATTACHMENT_TYPES_FILE: mimeList(
      'application/pdf,text/plain,text/csv,image/*,audio/*,video/mp4,application/zip,' +
        'application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
        'application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ),
  })
  .superRefine((config, context) => {
    if (config.ATTACHMENT_STORE !== 's3') return;
    for (const key of [
      'ATTACHMENT_S3_BUCKET',
      'ATTACHMENT_S3_ACCESS_KEY_ID',
      'ATTACHMENT_S3_SECRET_ACCESS_KEY',
    ] as const) {
      if (!config[key])
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is required with ATTACHMENT_STORE=s3`,
        });
    }
  });

function mimeList(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((type) => type.trim().toLowerCase())
        .filter(Boolean),
    );
}

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
