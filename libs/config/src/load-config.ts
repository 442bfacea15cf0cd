import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, at boot, into one typed config object. This is the only
 * place in the platform that reads `process.env`.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

const durationMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/** Environment keys every service shares; each app extends this with its own. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    ),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/)
    .default('tandem'),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_SEND_TIMEOUT_MS: durationMs(5_000),
  /** Replicas of each topic the apps create (3 on a production cluster). */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  JWT_ISSUER: z.string().default('tandem'),
  MIGRATE_ON_BOOT: bool(false),
  OUTBOX_POLL_MS: durationMs(200),
  /** The gateway holds customers' keys; the other services ask it for them. */
  GATEWAY_URL: z.url().default('http://127.0.0.1:3000'),
  /**
   * Browser origins of the console (served by the desk), allowed to call the APIs with an
   * agent's token; comma-separated.
   */
  CONSOLE_ORIGINS: z
    .string()
    .default('http://127.0.0.1:3003,http://localhost:3003')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    ),
  /** How long a service keeps a customer's key in memory (an erasure also evicts it). */
  CUSTOMER_KEY_CACHE_MS: durationMs(60_000),
});

export type BaseConfig = z.infer<typeof baseEnvSchema>;
export { bool as envBool, durationMs as envDurationMs };
