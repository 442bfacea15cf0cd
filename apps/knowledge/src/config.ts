import { z } from 'zod';
import { baseEnvSchema } from '@tandem/config';

export const knowledgeEnvSchema = baseEnvSchema.extend({
  KNOWLEDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** A bot answer less confident than this still counts its question as a content gap. */
  GAP_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnvSchema>;
