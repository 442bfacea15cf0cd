import { z } from 'zod';

/** `GET /v1/usage` query: UTC days, both included, at most 366. */
export const usageQuerySchema = z
  .object({
    from: z.iso.date().describe('First UTC day, included'),
    to: z.iso.date().describe('Last UTC day, included'),
  })
  .strict();
export type UsageQuery = z.infer<typeof usageQuerySchema>;

const count = z.number().int().nonnegative();

export const modelTokensSchema = z.object({
  promptTokens: count,
  completionTokens: count,
  totalTokens: count,
  requests: count,
  byModel: z.array(
    z.object({ model: z.string(), promptTokens: count, completionTokens: count, requests: count }),
  ),
});
export type ModelTokens = z.infer<typeof modelTokensSchema>;

export const usageResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  activeSeats: count.describe(
    'Distinct agents who were online or busy at some time in the period, or handled a conversation in it (assigned, replied or resolved)',
  ),
  peakConcurrentOnline: count.describe(
    'Most agents online or busy at the same moment in the period',
  ),
  conversations: count.describe('Conversations that started in the period'),
  humanHandledConversations: count.describe('… of which a person was assigned'),
  botAnswers: count.describe(
    'Answers the bot gave in the period (bot.replied of kind answer; notices excluded)',
  ),
  modelTokens: modelTokensSchema
    .nullable()
    .describe(
      "The bot's model spend in the period (the bot's GET /v1/usage/model); null when the bot could not be asked",
    ),
  modelTokensAvailable: z
    .boolean()
    .describe('False when the bot could not be asked; modelTokens is then null'),
  modelTokensProblem: z
    .string()
    .nullable()
    .describe('Why the bot could not be asked, when it could not'),
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
