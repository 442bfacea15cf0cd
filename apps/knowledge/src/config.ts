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
  /** An OpenAI-compatible embeddings endpoint; without one search is lexical only. */
  EMBEDDINGS_BASE_URL: z.url().optional(),
  EMBEDDINGS_API_KEY: z.string().default('unused'),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  /** Asks the model for shorter vectors (text-embedding-3 models allow it); the model's own size without it. */
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).optional(),
  /** Per request; indexing retries within a few of these, a search query gets one. */
  EMBEDDINGS_TIMEOUT_MS: envDurationMs(10_000),
  /** How often texts the endpoint failed on are retried (and rows of another model re-embedded). */
  EMBEDDINGS_SWEEP_MS: envDurationMs(60_000),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnvSchema>;
