import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const deskEnvSchema = baseEnvSchema.extend({
  DESK_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** How often expired offers are reclaimed and waiting conversations offered again. */
  DISPATCH_SWEEP_MS: envDurationMs(1_000),
  /** How often conversations waiting past the tenant's abandonAfterSeconds are abandoned. */
  ABANDON_SWEEP_MS: envDurationMs(10_000),
});
export type DeskConfig = z.infer<typeof deskEnvSchema>;
