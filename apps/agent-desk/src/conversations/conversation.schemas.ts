import { z } from 'zod';
import { EVENT_CATALOG, sentimentSchema } from '@tandem/contracts';
import { noteViewSchema } from '../notes/note.schemas';
import { queueSlugSchema, transferViewSchema } from '../transfers/transfer.schemas';

const isoTime = z.iso.datetime({ offset: true });
export const deskStatusSchema = z.enum(['queued', 'offered', 'assigned', 'resolved', 'abandoned']);

/** `GET /v1/conversations`: supervisors monitor the tenant, agents see only their own. */
export const conversationListQuerySchema = z.object({
  status: deskStatusSchema.optional(),
  queue: queueSlugSchema.optional(),
  agentId: z.uuid().optional().describe('Supervisors only; agents always see their own'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  status: deskStatusSchema,
  queue: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  agentId: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The customer's channel type (webchat, wechat, sms, email, generic …). */
  channel: z.string(),
  language: z.string(),
  /** The customer's latest sentiment: from their last analysed message, else the handoff's. */
  sentiment: sentimentSchema.nullable(),
  /** When the customer last wrote (their waiting time runs from here while it is open). */
  lastCustomerMessageAt: isoTime.nullable(),
  queuedAt: isoTime,
  assignedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const conversationListSchema = z.object({
  conversations: z.array(conversationSummarySchema),
  nextCursor: z.string().nullable().describe('Newest queued first; null on the last page'),
});
export type ConversationList = z.infer<typeof conversationListSchema>;

/** The router's handoff as the desk keeps it, with its reasons. */
export const handoffViewSchema = EVENT_CATALOG['escalation.decided'].payload.shape.handoff.extend({
  reasons: z.array(z.object({ code: z.string(), detail: z.string() })),
});

export const messageViewSchema = z.object({
  id: z.string(),
  role: z.enum(['customer', 'bot', 'agent']),
  text: z.string(),
  at: isoTime,
  /** The agent's messages: sent (to the gateway), delivered, or failed (with the reason). */
  deliveryStatus: z.enum(['sent', 'delivered', 'failed']).nullable(),
  deliveryDetail: z.string().nullable(),
});

export const assistViewSchema = EVENT_CATALOG['assist.suggested'].payload.extend({
  at: isoTime,
});

export const conversationViewSchema = z.object({
  id: z.string(),
  status: deskStatusSchema,
  queue: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  agentId: z.string().nullable(),
  queuedAt: isoTime,
  assignedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  abandonedAt: isoTime.nullable(),
  preferredAgentId: z.string().nullable(),
  preferredUntil: isoTime.nullable(),
  handoff: handoffViewSchema.describe(
    'Summary, reasons, transcript, customer profile and history, sentiment, the bot answers and sources',
  ),
  /** The customer's latest sentiment: from their last analysed message, else the handoff's. */
  sentiment: sentimentSchema.nullable(),
  messages: z.array(messageViewSchema),
  notes: z.array(noteViewSchema).describe('Internal: never sent to the customer'),
  transfers: z.array(transferViewSchema).describe('Oldest first, each with its note'),
  assist: assistViewSchema.nullable().describe('The latest assist suggestion'),
  wrapUp: z.object({ code: z.string(), note: z.string().nullable() }).nullable(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

const attributeValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** `PATCH /v1/conversations/{id}/customer`: the gateway's customer, through the desk. */
export const customerEditSchema = z
  .object({
    attributes: z
      .record(z.string().min(1).max(64), attributeValue.nullable())
      .describe('Merged into the customer attributes; null removes one'),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .refine((body) => Object.keys(body.attributes).length > 0 || body.displayName !== undefined, {
    message: 'nothing to update',
    path: ['attributes'],
  });
export type CustomerEditBody = z.infer<typeof customerEditSchema>;

/** The customer as the gateway answers (`GET/PATCH /v1/customers/{id}`). */
export const customerProfileSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  tier: z.string(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  identities: z.array(z.object({ channelId: z.string(), externalId: z.string() })),
  contacts: z.array(z.object({ kind: z.string(), value: z.string() })),
  conversations: z.array(
    z.object({ id: z.string(), channelId: z.string(), status: z.string(), createdAt: z.string() }),
  ),
});
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/** `POST /v1/conversations/{id}/messages` (202): the reply is on its way through the gateway. */
export const replyAcceptedSchema = z.object({
  replyId: z.string().describe('The `delivery` socket event and the view report its fate'),
});
export type ReplyAccepted = z.infer<typeof replyAcceptedSchema>;

/** `POST /v1/conversations/{id}/resolve`. */
export const resolvedSchema = z.object({ status: z.literal('resolved') });
export type Resolved = z.infer<typeof resolvedSchema>;
