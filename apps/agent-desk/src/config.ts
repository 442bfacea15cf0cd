import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const deskEnvSchema = baseEnvSchema.extend({
  DESK_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** How often expired offers are reclaimed and waiting conversations offered again. */
  DISPATCH_SWEEP_MS: envDurationMs(1_000),
  /** The bot, asked for its model's token usage (GET /v1/usage/model) by the usage API. */
  BOT_URL: z.url().default('http://127.0.0.1:3001'),
  BOT_TIMEOUT_MS: envDurationMs(3_000),
  /** The KPI projection's consumer group; a new id (with its tables truncated) rebuilds it from the log. */
  KPI_CONSUMER_GROUP: z.string().min(1).max(100).default('agent-desk-kpi'),
  /** How often agents still online after their shift ended are looked for. */
  SCHEDULE_SWEEP_MS: envDurationMs(30_000),
  /** How often conversations waiting past the tenant's abandonAfterSeconds are abandoned. */
  ABANDON_SWEEP_MS: envDurationMs(10_000),
  /** How often each instance heartbeats, reaps dead instances' sockets and applies the presence grace. */
  REALTIME_SWEEP_MS: envDurationMs(1_000),
  /** An instance without a heartbeat for this long has crashed: its sockets count as gone. */
  REALTIME_INSTANCE_TTL_MS: envDurationMs(15_000),
  /** Queue changes are pushed at most this often per queue (the latest counts win). */
  REALTIME_QUEUE_COALESCE_MS: envDurationMs(200),
  /** Older log events are not pushed to sockets (a new relay group reads the log from the start). */
  REALTIME_MAX_EVENT_AGE_MS: envDurationMs(300_000),
  // The console is served by the desk and calls the other services from the browser, so it
  // needs their URLs as the browser sees them (their CONSOLE_ORIGINS let it call).
  /** Where the console's build is (default: dist/console beside the compiled desk). */
  CONSOLE_DIR: z.string().min(1).optional(),
  CONSOLE_KNOWLEDGE_URL: z.url().default('http://127.0.0.1:3004'),
  CONSOLE_ROUTER_URL: z.url().default('http://127.0.0.1:3002'),
  CONSOLE_BOT_URL: z.url().default('http://127.0.0.1:3001'),
  /** Default: GATEWAY_URL. */
  CONSOLE_GATEWAY_URL: z.url().optional(),
});
export type DeskConfig = z.infer<typeof deskEnvSchema>;
