import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const routerEnvSchema = baseEnvSchema.extend({
  ROUTER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** How long an escalation waits for the customer's profile from the gateway (then goes without). */
  ROUTER_PROFILE_TIMEOUT_MS: envDurationMs(1_500),
  /**
   * An OpenAI-compatible chat endpoint that writes the agent's handoff summary after each
   * escalation (handoff.summarized); without one the extractive summary is the only one.
   */
  ROUTER_LLM_BASE_URL: z.url().optional(),
  ROUTER_LLM_API_KEY: z.string().default('unused'),
  ROUTER_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** For one summary, retries included. */
  ROUTER_LLM_TIMEOUT_MS: envDurationMs(15_000),
});
export type RouterConfig = z.infer<typeof routerEnvSchema>;
