import { z } from 'zod';

/** A queue's slug; queues need not exist as rows yet, any well-formed slug is a queue. */
export const queueSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a queue slug: lower-case letters, digits, - and _');

/** `POST /v1/conversations/{id}/transfer` and `.../reassign`. */
export const transferSchema = z
  .object({
    toAgentId: z.uuid().optional().describe('Offered to this agent first (preferAgentSeconds)'),
    toQueue: queueSlugSchema
      .optional()
      .describe('The queue it waits in; absent: its current queue'),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('For whoever takes it next: shown in the conversation view'),
  })
  .refine((body) => body.toAgentId !== undefined || body.toQueue !== undefined, {
    message: 'name an agent (toAgentId) or a queue (toQueue)',
    path: ['toQueue'],
  });
export type TransferBody = z.infer<typeof transferSchema>;

export const transferViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['transfer', 'reassign']),
  fromAgentId: z.string().nullable(),
  toAgentId: z.string().nullable(),
  fromQueue: z.string(),
  toQueue: z.string(),
  note: z.string(),
  byId: z.string().describe('Who moved it'),
  at: z.iso.datetime({ offset: true }),
});
export type TransferView = z.infer<typeof transferViewSchema>;

/** What a transfer or reassignment answers: the conversation waits again. */
export const transferResultSchema = z.object({
  conversationId: z.string(),
  status: z.literal('queued'),
  queue: z.string(),
  preferredAgentId: z.string().nullable(),
  preferredUntil: z.iso.datetime({ offset: true }).nullable(),
  transfer: transferViewSchema,
});
export type TransferResult = z.infer<typeof transferResultSchema>;

/** `GET /v1/transfer-targets`: where an agent may hand a conversation, without anyone's load. */
export const transferTargetsSchema = z.object({
  queues: z.array(
    z.object({
      name: z.string(),
      waiting: z.number().int().nonnegative().describe('queued or on offer now'),
      open: z.boolean().describe('within business hours now'),
    }),
  ),
  agents: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        presence: z.enum(['online', 'away', 'busy', 'offline']),
        languages: z.array(z.string()),
      }),
    )
    .describe('Active colleagues (not the caller), online first, then by name'),
});
export type TransferTargets = z.infer<typeof transferTargetsSchema>;
