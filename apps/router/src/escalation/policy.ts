import { z } from 'zod';

/** An escalation policy: thresholds and rules as data, versioned per tenant. */
export const policySchema = z.object({
  version: z.number().int().positive(),
  queue: z.string().min(1).default('general'),
  explicitRequest: z.object({ priority: z.enum(['low', 'normal', 'high', 'urgent']) }),
  deferrals: z.object({
    consecutive: z.number().int().min(1),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
  }),
  negativeSentiment: z.object({
    /** Escalate when one message is at least this intense and negative. */
    intensity: z.number().min(0).max(1),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
  }),
});
export type EscalationPolicy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: EscalationPolicy = {
  version: 1,
  queue: 'general',
  explicitRequest: { priority: 'high' },
  deferrals: { consecutive: 2, priority: 'normal' },
  negativeSentiment: { intensity: 0.8, priority: 'high' },
};
