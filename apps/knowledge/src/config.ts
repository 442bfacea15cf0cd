import { z } from 'zod';
import { baseEnvSchema, envDurationMs } from '@tandem/config';

export const knowledgeEnvSchema = baseEnvSchema.extend({
  KNOWLEDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** A bot answer less confident than this still counts its question as a content gap. */
  GAP_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
  /** A learned draft this close to a published article (search score) becomes a suggestion for it. */
  DEDUPE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  /** A tenant with more published articles than this is searched lexically, without the model. */
  SEARCH_RANKER_MAX_ARTICLES: z.coerce.number().int().min(0).default(1000),
  /** Memory for trained search models across tenants; least recently used ones go first. */
  SEARCH_MODEL_MEMORY_MB: z.coerce.number().int().min(1).default(512),
  /** How long a search waits for its tenant's model to (re)train before answering lexically. */
  SEARCH_TRAIN_WAIT_MS: envDurationMs(300),
  /** An OpenAI-compatible endpoint that writes learned drafts; without one they are extractive. */
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().default('unused'),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: envDurationMs(20_000),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnvSchema>;
