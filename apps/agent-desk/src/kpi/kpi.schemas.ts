import { z } from 'zod';
import { escalationReasonCodeSchema } from '@tandem/contracts';

/** The longest period one request may cover (days, both ends included). */
export const KPI_MAX_DAYS = 366;

export const kpiGroupBySchema = z.enum(['day', 'queue', 'agent', 'none']);
export type KpiGroupBy = z.infer<typeof kpiGroupBySchema>;

/** `GET /v1/kpis` query. Days are UTC dates; a conversation belongs to the day it started. */
export const kpiQuerySchema = z
  .object({
    from: z.iso.date().describe('First UTC day, included'),
    to: z.iso.date().describe('Last UTC day, included'),
    groupBy: kpiGroupBySchema.default('none').describe('One group per day, queue, agent, or one'),
    queue: z.string().min(1).max(64).optional().describe('Only conversations first queued here'),
    agentId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Only conversations this agent handled (was assigned)'),
  })
  .strict();
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

/** A share 0..1 (4 decimals); null when its denominator is 0. */
const rate = z.number().min(0).max(1).nullable();
/** Seconds (1 decimal); null when nothing was measured. */
const seconds = z.number().nullable();
const count = z.number().int().nonnegative();

export const kpiGroupSchema = z.object({
  key: z
    .string()
    .nullable()
    .describe(
      'The day (YYYY-MM-DD), queue or agent id of the group; null for groupBy=none, and for the conversations never queued under groupBy=queue',
    ),
  conversations: count.describe('Conversations that started in the period (and match the filters)'),
  botContainment: z.object({
    contained: count.describe('Conversations never escalated'),
    rate: rate.describe('contained / conversations'),
  }),
  escalations: z.object({
    count: count.describe('Conversations escalated at least once'),
    rate: rate.describe('escalated / conversations'),
    byReason: z
      .array(
        z.object({
          reason: escalationReasonCodeSchema,
          count: count.describe('Conversations whose escalations carried this reason'),
          rate: rate.describe('count / conversations'),
        }),
      )
      .describe('Most frequent first; a conversation may count under several reasons'),
  }),
  waitSeconds: z
    .object({ count, mean: seconds, p50: seconds, p90: seconds })
    .describe('First conversation.queued → first conversation.assigned'),
  firstReplySeconds: z
    .object({ count, mean: seconds, p90: seconds })
    .describe('First conversation.queued → first agent.replied'),
  handleSeconds: z
    .object({ count, mean: seconds })
    .describe(
      'First conversation.assigned → first conversation.resolved; under groupBy=agent, each of the agent’s handle segments (assigned → resolved, transferred or reassigned)',
    ),
  firstContactResolution: z.object({
    resolved: count.describe('Conversations a person resolved'),
    firstContact: count.describe('… and not reopened within the reopen window'),
    rate: rate.describe('firstContact / resolved'),
  }),
  csat: z.object({
    count,
    average: z.number().nullable().describe('Mean CSAT score 1–5 (2 decimals)'),
    satisfiedShare: rate.describe('Answers of 4 or 5 / answers'),
  }),
  nps: z.object({
    count,
    promoters: count.describe('Scores 9–10'),
    detractors: count.describe('Scores 0–6'),
    score: z
      .number()
      .min(-100)
      .max(100)
      .nullable()
      .describe('(promoters − detractors) / count × 100'),
  }),
  sla: z.object({
    judged: count.describe(
      'Queued conversations whose target (time to first human reply) was met or missed',
    ),
    met: count.describe('First human reply within the target'),
    rate: rate.describe('met / judged'),
  }),
  abandonment: z.object({
    queued: count.describe('Conversations queued for a person'),
    abandoned: count.describe('… that left the queue without reaching a person'),
    rate: rate.describe('abandoned / queued'),
  }),
  transfers: count.describe('conversation.transferred events of these conversations'),
});
export type KpiGroup = z.infer<typeof kpiGroupSchema>;

export const kpiResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: kpiGroupBySchema,
  groups: z
    .array(kpiGroupSchema)
    .describe('Ordered by key; groups without conversations are left out'),
});
export type KpiResponse = z.infer<typeof kpiResponseSchema>;
