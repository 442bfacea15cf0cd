import { z } from 'zod';

/** The desk's survey API: request queries and response bodies (for the OpenAPI document). */

const isoTime = z.iso.datetime({ offset: true });

export const surveyViewSchema = z.object({
  id: z.uuid(),
  conversationId: z.string(),
  kind: z.enum(['csat', 'nps']).describe('csat: 1–5 (5 = very satisfied); nps: 0–10'),
  agentId: z.string().nullable().describe('The person who resolved the conversation'),
  language: z.string().describe('The language the question was asked in (zh, en, other)'),
  requestedAt: isoTime,
  status: z.enum(['pending', 'answered']),
  score: z.number().int().min(0).max(10).nullable(),
  comment: z.string().nullable().describe("The customer's comment; '[erased]' or null once erased"),
  source: z.enum(['webchat', 'message', 'api']).nullable().describe('Where the answer came from'),
  answeredAt: isoTime.nullable(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

export const surveyFiguresSchema = z.object({
  csat: z.object({
    count: z.number().int().nonnegative(),
    average: z.number().nullable().describe('Mean of the 1–5 scores; null without answers'),
    satisfiedShare: z.number().nullable().describe('Share of 4s and 5s, 0..1'),
  }),
  nps: z.object({
    count: z.number().int().nonnegative(),
    promoters: z.number().int().nonnegative(),
    passives: z.number().int().nonnegative(),
    detractors: z.number().int().nonnegative(),
    score: z
      .number()
      .int()
      .nullable()
      .describe('% promoters (9–10) − % detractors (0–6), −100..100'),
  }),
});

export const agentCsatQuerySchema = z
  .object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('The figures cover answers of this many days back'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Recent ratings listed'),
  })
  .strict();
export type AgentCsatQuery = z.infer<typeof agentCsatQuerySchema>;

export const agentCsatSchema = surveyFiguresSchema.extend({
  agentId: z.string(),
  since: isoTime.describe('The start of the window the figures cover'),
  recent: z.array(surveyViewSchema).describe("The agent's latest answered surveys, newest first"),
});
export type AgentCsat = z.infer<typeof agentCsatSchema>;

export const surveysQuerySchema = z
  .object({
    from: isoTime.optional().describe('Surveys requested at or after (default: 30 days ago)'),
    to: isoTime.optional().describe('Surveys requested before (default: now)'),
    agentId: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type SurveysQuery = z.infer<typeof surveysQuerySchema>;

export const surveyListSchema = surveyFiguresSchema.extend({
  from: isoTime,
  to: isoTime,
  requested: z.number().int().nonnegative().describe('Surveys asked in the window'),
  answered: z.number().int().nonnegative(),
  surveys: z.array(surveyViewSchema).describe('Newest first, at most `limit`'),
});
export type SurveyList = z.infer<typeof surveyListSchema>;
