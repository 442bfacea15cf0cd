import { z } from 'zod';
import { baseEnvSchema, envBool, envDurationMs } from '@tandem/config';

const botEnvFields = baseEnvSchema.extend({
  BOT_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  KNOWLEDGE_URL: z.url().default('http://127.0.0.1:3004'),
  KNOWLEDGE_TIMEOUT_MS: envDurationMs(3_000),
  /** The agent desk: where a queued conversation stands (its waiting notices). */
  DESK_URL: z.url().default('http://127.0.0.1:3003'),
  DESK_TIMEOUT_MS: envDurationMs(2_000),
  /** In queued mode, at most one waiting notice per conversation in this long. */
  BOT_WAIT_NOTICE_INTERVAL_MS: envDurationMs(60_000),
  /**
   * The local provider answers only when the best article's confidence clears this. 0.65: the
   * balanced point of the calibrated confidence on held-out intents (docs/search.md, "Answer or
   * defer").
   */
  BOT_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.65),
  /**
   * An OpenAI-compatible chat endpoint that answers from the retrieved articles; without one
   * the local provider answers with the best article. The model's own confidence must clear
   * BOT_ANSWER_THRESHOLD too.
   */
  BOT_LLM_BASE_URL: z.url().optional(),
  BOT_LLM_API_KEY: z.string().default('unused'),
  BOT_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /**
   * The model takes images (gpt-4o-class): customers' images go to it with their text.
   * Without it an image, like a voice message or a file, is deferred with UNSUPPORTED_CONTENT.
   */
  BOT_LLM_VISION: envBool(false),
  /** Larger images are not sent to the model (the message is deferred instead). */
  BOT_LLM_IMAGE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(4 * 1024 * 1024),
  GATEWAY_TIMEOUT_MS: envDurationMs(5_000),
  /** Per request to the model. */
  BOT_LLM_TIMEOUT_MS: envDurationMs(8_000),
  /** For one message, retries included; then the bot defers with MODEL_ERROR. */
  BOT_LLM_BUDGET_MS: envDurationMs(15_000),
  /** Consecutive failed messages that open the circuit (the bot then defers at once). */
  BOT_LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long the open circuit waits before one message probes the model again. */
  BOT_LLM_BREAKER_COOLDOWN_MS: envDurationMs(30_000),
  /**
   * What analyses every customer message: `rules` (offline lexicon and rules), `model` (the
   * rules refined by the BOT_LLM_* model) or `auto` (the model when BOT_LLM_BASE_URL is set).
   */
  BOT_ANALYZER: z.enum(['rules', 'model', 'auto']).default('auto'),
  /** For one message's model analysis, retries included; then the rules' analysis stands. */
  BOT_ANALYZER_TIMEOUT_MS: envDurationMs(3_000),
});

export const botEnvSchema = botEnvFields.refine(
  (env) => env.BOT_ANALYZER !== 'model' || env.BOT_LLM_BASE_URL !== undefined,
  { message: 'BOT_ANALYZER=model needs BOT_LLM_BASE_URL', path: ['BOT_ANALYZER'] },
);

export type BotConfig = z.infer<typeof botEnvSchema>;
