import { z } from 'zod';
import { baseEnvSchema } from '@tandem/config';

export const routerEnvSchema = baseEnvSchema.extend({
  ROUTER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
});
export type RouterConfig = z.infer<typeof routerEnvSchema>;
