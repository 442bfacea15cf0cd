import { z } from 'zod';
import { channelTypeSchema, escalationReasonCodeSchema } from '@tandem/contracts';

/**
 * Every event on the desk's socket (namespace `/desk`), one schema each, for the OpenAPI
 * document and for the clients. Every event carries `type` (its name) and `at` (when it
 * happened: the log event's time, or the server's clock for a snapshot). Events relayed from
 * the log carry `eventId` too: after a desk instance crashes a few may come twice, and a
 * client drops ids it has seen.
 */

export const DESK_NAMESPACE = '/desk';

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(128);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);

/** An ack's or a refused handshake's error: the same stable codes as the HTTP API. */
export const socketErrorSchema = z.object({
  code: z
    .string()
    .describe('A stable code, e.g. AUTH.INVALID_TOKEN or DESK.CONVERSATION_NOT_FOUND'),
  title: z.string().describe('For people; not for matching'),
  status: z.number().int().describe('The HTTP status the same refusal would have'),
});
export type SocketError = z.infer<typeof socketErrorSchema>;

function serverEvent<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), at: isoTime, ...shape });
}
const relayed = { eventId: z.uuid().describe('The log event it comes from; drop repeats') };

// Server → client.

export const readyEventSchema = serverEvent('ready', {
  agentId: id,
  tenantId: id,
  role: z.enum(['agent', 'supervisor', 'admin']),
  presence: z.string().describe('The agent’s presence as the desk has it now'),
  presenceGraceSeconds: z
    .number()
    .int()
    .describe('After the last socket drops, the agent becomes away after this long'),
}).describe('Sent once the connection is registered: rooms are joined, presence counts it.');

export const offerEventSchema = serverEvent('offer', {
  ...relayed,
  offerId: id,
  conversationId: id,
  expiresAt: isoTime.describe('Accept (POST /v1/offers/{offerId}/accept) before this'),
  queue: z.string(),
  priority,
  reasons: z.array(z.object({ code: escalationReasonCodeSchema, detail: z.string() })),
  language: z.enum(['zh', 'en', 'other']),
  channelType: channelTypeSchema,
  customerDisplayName: z.string().nullable(),
  queuedAt: isoTime,
}).describe('A conversation is reserved for this agent until expiresAt.');

export const offerWithdrawnEventSchema = serverEvent('offer.withdrawn', {
  ...relayed,
  offerId: id,
  conversationId: id,
  reason: z.enum(['expired', 'declined', 'assigned_elsewhere']),
}).describe('An offer the agent had is gone: it expired, was declined, or someone else took it.');

export const assignedEventSchema = serverEvent('conversation.assigned', {
  ...relayed,
  conversationId: id,
  offerId: id,
  agentId: id,
  agentName: z.string(),
}).describe('The conversation is in human mode with this agent.');

export const messageEventSchema = serverEvent('message', {
  ...relayed,
  conversationId: id,
  messageId: id,
  role: z.enum(['customer', 'bot', 'agent']),
  text: z.string(),
  /** The agent who wrote it (role agent). */
  agentId: id.nullable(),
  attachments: z
    .array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['image', 'voice', 'file']),
        name: z.string().optional(),
        mimeType: z.string(),
        sizeBytes: z.number().int(),
      }),
    )
    .describe('Stored attachments only (GET /v1/attachments/{id} on the gateway)'),
}).describe(
  'Something said in a conversation with a person: by the customer, the bot or an agent.',
);

export const assistEventSchema = serverEvent('assist', {
  ...relayed,
  conversationId: id,
  messageId: id.describe('The customer message it helps answer'),
  articles: z.array(
    z.object({
      articleId: id,
      title: z.string(),
      score: z.number(),
      matchedQuestion: z.string().nullable(),
    }),
  ),
  draftReply: z.string().nullable(),
}).describe(
  'Articles and a drafted reply for the assigned agent only; never sent to the customer.',
);

export const deliveryEventSchema = serverEvent('delivery', {
  ...relayed,
  conversationId: id,
  replyId: id,
  status: z.enum(['delivered', 'failed']),
  attempts: z.number().int(),
  reason: z.string().nullable(),
  unreachable: z
    .enum(['INVALID_ADDRESS', 'OPTED_OUT', 'INACTIVE', 'REPLY_WINDOW_CLOSED'])
    .nullable(),
}).describe('Whether a reply reached the customer’s channel.');

export const queueEventSchema = serverEvent('queue', {
  queue: z.string(),
  waiting: z.number().int().describe('Conversations queued or offered, not yet accepted'),
  longestWaitSeconds: z.number().int().nullable().describe('null when nothing waits'),
}).describe(
  'A queue changed (queued, assigned, abandoned, transferred); changes within a moment are pushed once, with the latest figures.',
);

export const presenceEventSchema = serverEvent('presence', {
  ...relayed,
  agentId: id,
  presence: z.enum(['online', 'away', 'busy', 'offline']),
  busyState: z.string().nullable(),
  cause: z.enum(['agent', 'supervisor', 'connection', 'schedule']),
}).describe('An agent’s presence changed.');

export const errorEventSchema = serverEvent('error', socketErrorSchema.shape).describe(
  'The server could not set the connection up (e.g. the database is unreachable); it disconnects the socket, the client reconnects later.',
);

// Client → server (each answered through the ack callback).

const watchShape = {
  type: z.literal('watch').optional(),
  at: isoTime.optional().describe('The client’s clock; informational'),
  conversationId: id,
};
export const watchEventSchema = z
  .object(watchShape)
  .describe(
    'Receive this conversation’s messages and deliveries: the assigned agent, or a supervisor/admin of the tenant.',
  );
export const unwatchEventSchema = z
  .object({ ...watchShape, type: z.literal('unwatch').optional() })
  .describe('Stop receiving a watched conversation.');

export const watchAckSchema = z.union([
  z.object({
    type: z.enum(['watch', 'unwatch']),
    at: isoTime,
    conversationId: id,
    watching: z.boolean(),
  }),
  z.object({ error: socketErrorSchema }),
]);

export type ReadyEvent = z.infer<typeof readyEventSchema>;
export type OfferEvent = z.infer<typeof offerEventSchema>;
export type OfferWithdrawnEvent = z.infer<typeof offerWithdrawnEventSchema>;
export type AssignedEvent = z.infer<typeof assignedEventSchema>;
export type MessageEvent = z.infer<typeof messageEventSchema>;
export type AssistEvent = z.infer<typeof assistEventSchema>;
export type DeliveryEvent = z.infer<typeof deliveryEventSchema>;
export type QueueEvent = z.infer<typeof queueEventSchema>;
export type PresenceEvent = z.infer<typeof presenceEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type WatchAck = z.infer<typeof watchAckSchema>;

export type ServerEvent =
  | ReadyEvent
  | OfferEvent
  | OfferWithdrawnEvent
  | AssignedEvent
  | MessageEvent
  | AssistEvent
  | DeliveryEvent
  | QueueEvent
  | PresenceEvent
  | ErrorEvent;

export interface SocketEventSpec {
  direction: 'server-to-client' | 'client-to-server';
  schema: z.ZodType;
  /** Who receives it (server → client), or who may send it (client → server). */
  audience: string;
  ack?: z.ZodType;
}

/** The whole socket API, by event name: the source of the OpenAPI document's socket section. */
export const DESK_SOCKET_EVENTS: Record<string, SocketEventSpec> = {
  ready: {
    direction: 'server-to-client',
    schema: readyEventSchema,
    audience: 'the connecting socket',
  },
  offer: {
    direction: 'server-to-client',
    schema: offerEventSchema,
    audience: 'agent:<agentId> (the offered agent)',
  },
  'offer.withdrawn': {
    direction: 'server-to-client',
    schema: offerWithdrawnEventSchema,
    audience: 'agent:<agentId> (the agent whose offer it was)',
  },
  'conversation.assigned': {
    direction: 'server-to-client',
    schema: assignedEventSchema,
    audience: 'agent:<agentId> (the assignee) and conversation:<id> (watchers)',
  },
  message: {
    direction: 'server-to-client',
    schema: messageEventSchema,
    audience: 'agent:<assigned agent> and conversation:<id> (watchers)',
  },
  assist: {
    direction: 'server-to-client',
    schema: assistEventSchema,
    audience: 'agent:<assigned agent>',
  },
  delivery: {
    direction: 'server-to-client',
    schema: deliveryEventSchema,
    audience: 'agent:<assigned agent> and conversation:<id> (watchers)',
  },
  queue: {
    direction: 'server-to-client',
    schema: queueEventSchema,
    audience: 'tenant:<tenantId> (everyone of the tenant)',
  },
  presence: {
    direction: 'server-to-client',
    schema: presenceEventSchema,
    audience: 'tenant:<tenantId>:supervisors (supervisors and admins) and agent:<agentId>',
  },
  error: {
    direction: 'server-to-client',
    schema: errorEventSchema,
    audience: 'the socket whose connection could not be set up (then disconnected)',
  },
  watch: {
    direction: 'client-to-server',
    schema: watchEventSchema,
    audience: 'the assigned agent; supervisors and admins of the tenant',
    ack: watchAckSchema,
  },
  unwatch: {
    direction: 'client-to-server',
    schema: unwatchEventSchema,
    audience: 'any connected socket',
    ack: watchAckSchema,
  },
};
