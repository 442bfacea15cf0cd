import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const knowledgeEnvSchema = baseEnvSchema.extend({
  KNOWLEDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** A bot answer less confident than this still counts its question as a content gap. */
  GAP_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
  /** A learned draft this close to a published article (search score) becomes a suggestion for it. */
  DEDUPE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  /** An OpenAI-compatible endpoint that writes learned drafts; without one they are extractive. */
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().default('unused'),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: envDurationMs(20_000),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnvSchema>;
