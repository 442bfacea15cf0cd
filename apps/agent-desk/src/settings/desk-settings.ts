import { z } from 'zod';

/**
 * A tenant's desk settings: one strict document where every field has a default, so `{}`
 * is a complete configuration and a tenant writes only what differs.
 */
export const deskSettingsSchema = z
  .object({
    /** A customer who writes again within this time after a person resolved is reopened, not greeted by the bot. */
    reopenWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400)
      .describe('0 turns reopening off'),
    /** After a transfer to a named agent (or a reopen, to the previous agent): only that agent is offered it this long. */
    preferAgentSeconds: z.number().int().min(0).max(3_600).default(60),
    /** The custom busy states agents may pick ("lunch", "training"); busy agents get no offers. */
    busyStates: z
      .array(z.string().min(1).max(64))
      .max(32)
      .default(['lunch', 'break', 'training', 'meeting'])
      .refine((states) => new Set(states).size === states.length, 'busy states must be unique'),
    /** A dropped realtime connection makes the agent away after this grace period. */
    presenceGraceSeconds: z.number().int().min(0).max(600).default(30),
    /** A conversation still waiting for a person after this long is abandoned back to the bot. */
    abandonAfterSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(3_600),
    /** An agent still online this long after their scheduled shift ended is set away (agents with a schedule only). */
    shiftEndGraceMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(15),
    surveys: z
      .object({
        /** Ask CSAT (1–5) after a person resolves. */
        csat: z.boolean().default(true),
        /** Ask NPS (0–10) instead of CSAT. */
        nps: z.boolean().default(false),
      })
      .strict()
      .default({ csat: true, nps: false }),
    review: z
      .object({
        /** Share of the bot's answers sampled into the review queue at random. */
        sampleRate: z.number().min(0).max(1).default(0.05),
        /** Answers below this confidence always go to review (the local provider answers from 0.65). */
        lowConfidenceBelow: z.number().min(0).max(1).default(0.75),
      })
      .strict()
      .default({ sampleRate: 0.05, lowConfidenceBelow: 0.75 }),
  })
  .strict();

export type DeskSettings = z.infer<typeof deskSettingsSchema>;
export const DEFAULT_DESK_SETTINGS: DeskSettings = deskSettingsSchema.parse({});
