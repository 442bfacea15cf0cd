import { z } from 'zod';
import { skillLevelsSchema } from '../agents/seat';
import { weeklyHoursSchema } from '../calendar/weekly-hours';

export const queueNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a queue name is a lower-case slug such as "billing"');

/** After `afterSeconds` waiting, also offer to another queue's agents and/or lower the levels. */
export const overflowRuleSchema = z
  .object({
    afterSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400),
    toQueue: queueNameSchema
      .optional()
      .describe("also offer to agents who meet this queue's requirements"),
    lowerSkillLevelsBy: z
      .number()
      .int()
      .min(1)
      .max(4)
      .optional()
      .describe('accept agents whose skill levels are this much lower (never below 1)'),
  })
  .strict()
  .refine(
    (rule) => rule.toQueue !== undefined || rule.lowerSkillLevelsBy !== undefined,
    'an overflow rule names a queue, a level drop, or both',
  );
export type OverflowRule = z.infer<typeof overflowRuleSchema>;

/** `POST /v1/queues` and `PUT /v1/queues/{name}` (the whole definition; left out = default). */
export const queueBodySchema = z
  .object({
    name: queueNameSchema.describe("the router's queue name"),
    skills: skillLevelsSchema.default({}).describe('required skill → minimum level'),
    priority: z
      .number()
      .int()
      .min(-3)
      .max(10)
      .default(0)
      .describe("added to the conversation's priority rank (low 0 … urgent 3) when ordering"),
    slaSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(120)
      .describe('target time to the first human reply'),
    overflow: z.array(overflowRuleSchema).max(10).default([]),
    hours: weeklyHoursSchema
      .nullable()
      .default(null)
      .describe('business hours; null = always open'),
    teamId: z.uuid().nullable().default(null).describe('only agents of this team'),
  })
  .strict();
export type QueueBody = z.infer<typeof queueBodySchema>;

export const queueDefinitionSchema = queueBodySchema.extend({
  defined: z.boolean().describe('false: named by the router but never defined; defaults apply'),
});
export type QueueDefinition = z.infer<typeof queueDefinitionSchema>;

/** Live figures of a queue. */
export const queueFiguresSchema = z.object({
  waiting: z.number().int().nonnegative().describe('queued, not on offer'),
  offered: z.number().int().nonnegative().describe('on offer to an agent now'),
  longestWaitSeconds: z.number().int().nonnegative().nullable(),
  slaAtRisk: z
    .number()
    .int()
    .nonnegative()
    .describe('waiting or offered for at least 80% of the SLA target (breached ones included)'),
  slaBreached: z.number().int().nonnegative(),
  open: z.boolean().describe('within business hours now'),
  opensAt: z.iso.datetime().nullable().describe('the next opening when closed (within 14 days)'),
});
export type QueueFigures = z.infer<typeof queueFiguresSchema>;

export const queueViewSchema = queueDefinitionSchema.extend({ figures: queueFiguresSchema });
export type QueueView = z.infer<typeof queueViewSchema>;
export const queueListSchema = z.object({ queues: z.array(queueViewSchema) });
export type QueueList = z.infer<typeof queueListSchema>;

/** A queue the router names but the tenant never defined. */
export function defaultQueue(name: string): QueueDefinition {
  return {
    name,
    skills: {},
    priority: 0,
    slaSeconds: 120,
    overflow: [],
    hours: null,
    teamId: null,
    defined: false,
  };
}

/** Share of the SLA target after which a waiting conversation counts as at risk. */
export const SLA_AT_RISK_SHARE = 0.8;
