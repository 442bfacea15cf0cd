import { z } from 'zod';
import { weeklyHoursSchema } from '../calendar/weekly-hours';

const isoTime = z.iso.datetime({ offset: true });

export const EMPLOYMENTS = ['full_time', 'part_time', 'remote'] as const;
export type Employment = (typeof EMPLOYMENTS)[number];

/** PUT /v1/agents/{id}/schedule: an agent's employment and weekly shifts. */
export const agentScheduleSchema = z
  .object({
    employment: z.enum(EMPLOYMENTS),
    shifts: weeklyHoursSchema.describe(
      "The agent's shifts in their own time zone: weekly stretches, and dated exceptions for leave and holidays (hours: []) or extra shifts",
    ),
  })
  .strict();
export type AgentSchedule = z.infer<typeof agentScheduleSchema>;

/** GET /v1/agents/{id}/schedule (and PUT's answer). */
export const agentScheduleViewSchema = agentScheduleSchema.extend({
  agentId: z.uuid(),
  updatedBy: z.string().describe('Who wrote it last (an agent id)'),
  updatedAt: isoTime,
});
export type AgentScheduleView = z.infer<typeof agentScheduleViewSchema>;

/** Where an agent stands against their schedule at a moment. */
export const shiftStatusSchema = z.object({
  onShiftNow: z.boolean(),
  currentShiftEndsAt: isoTime
    .nullable()
    .describe('When the shift under way ends; null off shift or when it runs on past 14 days'),
  nextShiftStartsAt: isoTime
    .nullable()
    .describe('The next shift to start after now, within 14 days; null when none'),
});
export type ShiftStatus = z.infer<typeof shiftStatusSchema>;

/** GET /v1/agents/me/schedule. */
export const myScheduleViewSchema = agentScheduleViewSchema.extend(shiftStatusSchema.shape);
export type MyScheduleView = z.infer<typeof myScheduleViewSchema>;

export const COVERAGE_MAX_DAYS = 14;

/** GET /v1/schedules/coverage query. */
export const coverageQuerySchema = z
  .object({
    from: isoTime,
    to: isoTime,
    stepMinutes: z.coerce.number().int().min(15).max(1_440).default(60),
    skill: z.string().min(1).max(64).optional().describe('Only agents with this skill'),
    language: z
      .string()
      .min(2)
      .max(16)
      .optional()
      .describe('Only agents speaking this language, e.g. "zh"'),
  })
  .strict()
  .refine(({ from, to }) => Date.parse(to) > Date.parse(from), {
    message: 'to comes after from',
    path: ['to'],
  })
  .refine(({ from, to }) => Date.parse(to) - Date.parse(from) <= COVERAGE_MAX_DAYS * 86_400_000, {
    message: `at most ${COVERAGE_MAX_DAYS} days`,
    path: ['to'],
  });
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageStepSchema = z.object({
  from: isoTime,
  to: isoTime,
  scheduled: z.number().int().describe('Agents scheduled for at least part of the step'),
  agentIds: z.array(z.uuid()),
  staffedMinutes: z
    .number()
    .describe('Scheduled agent-minutes in the step (60 = one agent for a whole hour)'),
});
export type CoverageStep = z.infer<typeof coverageStepSchema>;

/** GET /v1/schedules/coverage answer. */
export const coverageSchema = z.object({
  from: isoTime,
  to: isoTime,
  stepMinutes: z.number().int(),
  skill: z.string().nullable(),
  language: z.string().nullable(),
  steps: z.array(coverageStepSchema),
});
export type Coverage = z.infer<typeof coverageSchema>;
