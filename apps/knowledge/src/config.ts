import { z } from 'zod';
import { baseEnvSchema } from '@tandem/config';

export const knowledgeEnvSchema = baseEnvSchema.extend({
  KNOWLEDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnvSchema>;
