import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const deskEnvSchema = baseEnvSchema.extend({
  DESK_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** How often expired offers are reclaimed and waiting conversations offered again. */
  DISPATCH_SWEEP_MS: envDurationMs(1_000),
  /** How often each instance heartbeats, reaps dead instances' sockets and applies the presence grace. */
  REALTIME_SWEEP_MS: envDurationMs(1_000),
  /** An instance without a heartbeat for this long has crashed: its sockets count as gone. */
  REALTIME_INSTANCE_TTL_MS: envDurationMs(15_000),
  /** Queue changes are pushed at most this often per queue (the latest counts win). */
  REALTIME_QUEUE_COALESCE_MS: envDurationMs(200),
  /** Older log events are not pushed to sockets (a new relay group reads the log from the start). */
  REALTIME_MAX_EVENT_AGE_MS: envDurationMs(300_000),
});
export type DeskConfig = z.infer<typeof deskEnvSchema>;
