import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const botEnvSchema = baseEnvSchema.extend({
  BOT_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  KNOWLEDGE_URL: z.url().default('http://127.0.0.1:3004'),
  KNOWLEDGE_TIMEOUT_MS: envDurationMs(3_000),
  /**
   * The local provider answers only when the best article's confidence clears this. 0.65: the
   * balanced point of the calibrated confidence on held-out intents (docs/search.md, "Answer or
   * defer").
   */
  BOT_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.65),
});

export type BotConfig = z.infer<typeof botEnvSchema>;
