import { z } from 'zod';
import { botDeferralReasonSchema, channelTypeSchema, EVENT_CATALOG } from './events';

/** Public request and response schemas shared by more than one app or client. */

// ---- Gateway: the generic JSON webhook any channel adapter can post to.
export const genericWebhookSchema = z
  .object({
    /** The adapter's own id for this message; a retry with the same id is the same message. */
    messageId: z.string().trim().min(1).max(256),
    from: z.object({
      id: z.string().trim().min(1).max(256),
      name: z.string().trim().max(200).optional(),
      /** Contacts the adapter has verified (a logged-in user's phone or e-mail): they link identities across channels. */
      verifiedPhone: z.string().trim().max(32).optional(),
      verifiedEmail: z.email().max(254).optional(),
    }),
    text: z.string().max(8000).default(''),
    /** A structured action, e.g. the channel's "talk to a person" button. */
    action: z.enum(['request_human']).optional(),
  })
  .refine((body) => body.text.trim().length > 0 || body.action !== undefined, {
    message: 'a message needs text or an action',
    path: ['text'],
  });
export type GenericWebhookBody = z.infer<typeof genericWebhookSchema>;

/** What the gateway posts to a generic channel's callback URL. */
export const outboundMessageSchema = z.object({
  replyId: z.string(),
  conversationId: z.string(),
  to: z.object({ id: z.string() }),
  from: z.object({ role: z.enum(['bot', 'agent']), name: z.string() }),
  text: z.string(),
  sentAt: z.string(),
  /**
   * Set when the text is a survey question (after a person resolved): the adapter may show
   * a rating control and answer with POST /v1/surveys/{id}/answer, or let the customer reply
   * with a number (a normal message).
   */
  survey: z
    .object({
      id: z.string(),
      kind: z.enum(['csat', 'nps']),
      /** The lowest and highest score: 1–5 for CSAT, 0–10 for NPS. */
      min: z.number().int(),
      max: z.number().int(),
    })
    .optional(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/**
 * An adapter's answer to a survey it showed (POST /v1/surveys/{surveyId}/answer, signed like
 * the channel's webhook): CSAT 1–5, NPS 0–10.
 */
export const surveyAnswerSchema = z
  .object({
    /** The survey answered, as in the path: it binds the signature to this survey. */
    surveyId: z.string().min(1).max(128),
    score: z.number().int().min(0).max(10).describe('CSAT 1–5 (5 = very satisfied), NPS 0–10'),
    comment: z.string().trim().max(2000).optional().describe("The customer's own words, if any"),
  })
  .strict();
export type SurveyAnswerBody = z.infer<typeof surveyAnswerSchema>;

export const surveyAnswerResultSchema = z.object({
  surveyId: z.string(),
  status: z
    .enum(['accepted', 'duplicate'])
    .describe('duplicate: the survey was answered already; the first answer stands'),
});
export type SurveyAnswerResult = z.infer<typeof surveyAnswerResultSchema>;

export const createChannelSchema = z
  .object({
    type: channelTypeSchema,
    name: z.string().trim().min(1).max(200),
    /** What the provider signs with: the generic HMAC key, the WeChat Token, the Twilio auth token, ... */
    secret: z.string().min(3).max(256),
    /** The generic channel's callback URL, or the provider's API base URL. */
    callbackUrl: z.url({ protocol: /^https?$/ }),
    settings: z.record(z.string().max(64), z.string().max(2000)).default({}),
    enabled: z.boolean().default(true),
  })
  .refine((channel) => channel.type !== 'generic' || channel.secret.length >= 16, {
    message: 'a generic channel needs a secret of at least 16 characters',
    path: ['secret'],
  });
export type CreateChannelBody = z.infer<typeof createChannelSchema>;

// ---- Knowledge search, used by the bot and by agent assist.
export const searchRequestSchema = z.object({
  query: z.string().trim().min(1).max(2000),
  locale: z.string().max(16).optional(),
  /** The channel the answer goes to: an article's variant for it replaces the body. */
  channel: channelTypeSchema.optional(),
  limit: z.number().int().min(1).max(50).default(5),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

export const searchHitSchema = z.object({
  articleId: z.string(),
  title: z.string(),
  answer: z.string(),
  locale: z.string(),
  /** Calibrated 0..1: how likely this article answers the query. */
  score: z.number(),
  matchedQuestion: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResponseSchema = z.object({
  hits: z.array(searchHitSchema),
  /** What ranked them: the tenant's trained model, or lexical search (large base, or retraining). */
  ranking: z.enum(['model', 'lexical']),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

// ---- Agent desk.
export const loginSchema = z.object({
  tenant: z.string().trim().min(1).max(64),
  email: z.email(),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof loginSchema>;

/** An agent's presence: busy needs one of the tenant's busy states ("lunch"); the others none. */
export const presenceSchema = z
  .object({
    status: z.enum(['online', 'away', 'busy', 'offline']),
    busyState: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("with busy: one of the tenant's settings.busyStates"),
  })
  .strict();
export type PresenceBody = z.infer<typeof presenceSchema>;

export const agentReplySchema = z.object({ text: z.string().trim().min(1).max(8000) });
export type AgentReplyBody = z.infer<typeof agentReplySchema>;

export const resolveSchema = z.object({
  wrapUpCode: z.string().trim().min(1).max(64),
  note: z.string().max(4000).default(''),
});
export type ResolveBody = z.infer<typeof resolveSchema>;

/** `GET /v1/conversations/{id}/wait`: where a conversation waiting for a person stands now. */
export const conversationWaitSchema = z.object({
  status: z.enum(['queued', 'offered', 'assigned', 'resolved', 'abandoned']),
  queue: z.string(),
  /** 1 = next (an offered conversation is next); null once a person has it. */
  position: z.number().int().positive().nullable(),
  /** From the queue's assignments of the last 30 minutes; null when they cannot say. */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
  /** Online agents with every skill the conversation needs. */
  agentsOnline: z.number().int().nonnegative(),
  /** The queue's target for the time to the first human reply. */
  slaSeconds: z.number().int().positive().optional(),
  /** When the queue is closed now (business hours): its next opening, null if none within 14 days. */
  opensAt: z.iso.datetime().nullable().optional(),
});
export type ConversationWait = z.infer<typeof conversationWaitSchema>;

export const declineSchema = z.object({ reason: z.string().max(500).optional() });
export type DeclineBody = z.infer<typeof declineSchema>;

// ---- Bot playground: what the bot would do with a question, without a conversation.
export const playgroundTurnSchema = z.object({
  role: z.enum(['customer', 'bot', 'agent']),
  text: z.string().trim().min(1).max(4000),
  /** For a bot turn: the article it answered with (a follow-up is not answered with it again). */
  articleId: z.string().max(64).optional(),
});
export const playgroundRequestSchema = z.object({
  question: z.string().trim().min(1).max(4000),
  channel: channelTypeSchema.default('generic'),
  /** Earlier turns, oldest first: they inform retrieval, and the model provider sees the last few. */
  history: z.array(playgroundTurnSchema).max(20).default([]),
  /** Answer as for this customer (their records personalise the answer), by the gateway's id. */
  customerId: z.string().min(1).max(64).optional(),
});
export type PlaygroundRequest = z.infer<typeof playgroundRequestSchema>;

/** The bot's analysis of one message, as `message.analyzed` carries it (without the message id). */
export const messageAnalysisSchema = EVENT_CATALOG['message.analyzed'].payload.omit({
  messageId: true,
});
export type AnalyzeResponse = z.infer<typeof messageAnalysisSchema>;

export const playgroundResponseSchema = z.object({
  /** As `message.analyzed` would carry it. */
  analysis: messageAnalysisSchema,
  decision: z.enum(['answer', 'defer']),
  /** The reply the customer would get; null when the bot defers. */
  answer: z.string().nullable(),
  /** Why it defers; null when it answers. */
  reason: botDeferralReasonSchema.nullable(),
  confidence: z.number().min(0).max(1),
  sources: z.array(z.object({ articleId: z.string(), title: z.string(), score: z.number() })),
  provider: z.enum(['local', 'openai']),
  latencyMs: z.number().int().min(0),
  /** What the model spent on it; null for the local provider or when the model was not asked. */
  usage: z
    .object({
      model: z.string(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      requests: z.number().int(),
    })
    .nullable(),
});
export type PlaygroundResponse = z.infer<typeof playgroundResponseSchema>;

// ---- Bot analysis: what the bot reads in one text, without a conversation.
export const analyzeRequestSchema = z.object({ text: z.string().trim().min(1).max(4000) });
export type AnalyzeRequest = z.infer<typeof analyzeRequestSchema>;

export const modelUsageQuerySchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
});
export const modelUsageResponseSchema = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      model: z.string(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      requests: z.number().int(),
    }),
  ),
});
export type ModelUsageResponse = z.infer<typeof modelUsageResponseSchema>;
