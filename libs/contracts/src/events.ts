import { z } from 'zod';
import type { TopicName } from './topics';

const id = z.string().min(1).max(128);
const isoTime = z.iso.datetime({ offset: true });
const text = z.string().max(20_000);
const language = z.enum(['zh', 'en', 'other']);

export const channelTypeSchema = z.enum(['generic', 'webchat', 'wechat', 'sms', 'email']);
export type ChannelType = z.infer<typeof channelTypeSchema>;

/** Why the bot did not answer a customer message (`bot.deferred`, the playground). */
export const botDeferralReasonSchema = z.enum([
  'LOW_CONFIDENCE',
  /** A confident article exists, but not in the customer's language (a missing translation). */
  'NO_ANSWER_IN_LANGUAGE',
  'HUMAN_REQUESTED',
  'UNSUPPORTED_CONTENT',
  /** The answering article needs a fact about the customer that is not on record. */
  'MISSING_CUSTOMER_FACT',
  'PROVIDER_ERROR',
  // The model provider's reasons (BOT_LLM_BASE_URL).
  'MODEL_UNSURE',
  'HUMAN_NEEDED',
  'MODEL_ERROR',
  'UNGROUNDED',
  'UNSAFE_OUTPUT',
]);
export type BotDeferralReason = z.infer<typeof botDeferralReasonSchema>;

export const sentimentSchema = z.object({
  polarity: z.enum(['negative', 'neutral', 'positive']),
  /** -1 (very negative) .. 1 (very positive). */
  score: z.number().min(-1).max(1),
  /** 0 (flat) .. 1 (intense). */
  intensity: z.number().min(0).max(1),
});
export type Sentiment = z.infer<typeof sentimentSchema>;

/** The emotions that matter in service; a message may show several, each scored 0..1. */
export const emotionSchema = z.enum(['anger', 'anxiety', 'frustration']);
export type Emotion = z.infer<typeof emotionSchema>;
export const emotionScoreSchema = z.object({
  emotion: emotionSchema,
  /** 0 (barely) .. 1 (unmistakable). */
  score: z.number().min(0).max(1),
});
export type EmotionScore = z.infer<typeof emotionScoreSchema>;

export const escalationReasonCodeSchema = z.enum([
  'EXPLICIT_REQUEST',
  'NEGATIVE_SENTIMENT',
  'SENTIMENT_WORSENING',
  'LOW_CONFIDENCE',
  'BOT_DEFERRED',
  'LOOPING',
  'TOO_MANY_TURNS',
  'TOO_LONG',
  'VIP',
  'TOPIC_RULE',
]);
export type EscalationReasonCode = z.infer<typeof escalationReasonCodeSchema>;

export const transcriptEntrySchema = z.object({
  role: z.enum(['customer', 'bot', 'agent', 'system']),
  text,
  at: isoTime,
  messageId: id,
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** Why the gateway did not keep an attachment (the message itself is always published). */
export const attachmentRejectionSchema = z.enum([
  /** Larger than ATTACHMENT_MAX_BYTES. */
  'TOO_LARGE',
  /** Its content type is not allowed for its kind. */
  'TYPE_NOT_ALLOWED',
  /** More attachments than ATTACHMENT_MAX_PER_MESSAGE; the first ones are kept. */
  'TOO_MANY',
  /** The provider answered that it does not have it (expired media, 4xx). */
  'UNAVAILABLE',
  /** The channel cannot fetch attachments of this kind. */
  'UNSUPPORTED',
]);
export type AttachmentRejection = z.infer<typeof attachmentRejectionSchema>;

const attachmentKind = z.enum(['image', 'voice', 'file']);
const fileName = z.string().max(255);
const mimeType = z.string().max(255);

/**
 * An attachment by reference: the bytes are in the gateway's attachment store, served by
 * `GET /v1/attachments/{id}`. Never a provider URL (they expire or need credentials) and
 * never the bytes.
 */
export const attachmentSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('stored'),
    id: z.uuid(),
    kind: attachmentKind,
    name: fileName.optional(),
    mimeType,
    sizeBytes: z.number().int().nonnegative(),
  }),
  z.object({
    status: z.literal('rejected'),
    reason: attachmentRejectionSchema,
    kind: attachmentKind,
    name: fileName.optional(),
    mimeType: mimeType.optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
  }),
]);
export type Attachment = z.infer<typeof attachmentSchema>;
export type StoredAttachment = Extract<Attachment, { status: 'stored' }>;

/** An article going live or leaving: which content version, and who did it. */
const articleStatusChange = z.object({
  articleId: id,
  title: z.string().max(500),
  locale: z.string().max(16),
  /** The content version concerned. */
  version: z.number().int().positive(),
  /** Who did it (principal subject). */
  actor: id,
});

const sourceSchema = z.object({ articleId: id, title: z.string().max(500), score: z.number() });

interface EventDefinition<P extends z.ZodType> {
  readonly version: number;
  readonly topic: TopicName;
  readonly payload: P;
  readonly description: string;
}

function defineEvent<P extends z.ZodType>(definition: EventDefinition<P>): EventDefinition<P> {
  return definition;
}

/**
 * The event catalog: one schema per event type. Types are stable strings; a breaking
 * change gets a new version, never a silently different payload.
 */
export const EVENT_CATALOG = {
  'message.received': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'A customer message arrived on a channel (gateway).',
    payload: z.object({
      messageId: id,
      channel: z.object({ id, type: channelTypeSchema }),
      channelMessageId: z.string().min(1).max(256),
      customer: z.object({
        id,
        displayName: z.string().max(200).optional(),
        /** The customer's tier at ingest (e.g. standard, vip). Absent in events written before it existed. */
        tier: z.string().min(1).max(32).optional(),
      }),
      text,
      attachments: z.array(attachmentSchema).max(20),
      receivedAt: isoTime,
    }),
  }),
  'human.requested': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'The customer asked for a person through a structured action such as a button (gateway).',
    payload: z.object({ messageId: id, source: z.enum(['button', 'command']) }),
  }),
  'message.analyzed': defineEvent({
    version: 1,
    topic: 'conversations',
    description: "The bot's analysis of one customer message.",
    payload: z.object({
      messageId: id,
      language,
      sentiment: sentimentSchema,
      humanRequested: z.boolean(),
      intent: z.string().max(200).nullable(),
      /** Strongest first; empty when none is clear. Absent in events written before it existed. */
      emotions: z.array(emotionScoreSchema).max(3).default([]),
    }),
  }),
  'bot.replied': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "The bot said something to the customer: an answer to their message, or a notice (in queued mode, their place in the queue); only answers count as the bot's answers.",
    payload: z.object({
      replyId: id,
      /** The customer message it answers; for a notice on queueing, the conversation.queued event. */
      inReplyTo: id,
      text,
      language,
      /** For a notice, 1: it states facts, it does not guess. */
      confidence: z.number().min(0).max(1),
      sources: z.array(sourceSchema).max(10),
      provider: z.enum(['local', 'openai']),
      /** An answer from the knowledge base, or a notice (waiting). Absent in older events: answers. */
      kind: z.enum(['answer', 'notice']).default('answer'),
    }),
  }),
  'answer.rated': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "The customer rated one of the bot's answers (the web chat's thumbs); the latest rating of a reply counts (gateway).",
    payload: z.object({
      replyId: id,
      rating: z.enum(['helpful', 'not_helpful']),
      source: z.enum(['webchat']),
    }),
  }),
  'bot.deferred': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'The bot chose not to answer a customer message, with the reason.',
    payload: z.object({
      inReplyTo: id,
      reason: botDeferralReasonSchema,
      confidence: z.number().min(0).max(1),
    }),
  }),
  'assist.suggested': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'In human mode, for each customer message: the articles that may answer it and a drafted reply, for the agent only; never sent to the customer (bot).',
    payload: z.object({
      messageId: id,
      articles: z
        .array(
          z.object({
            articleId: id,
            title: z.string().max(500),
            score: z.number().min(0).max(1),
            matchedQuestion: z.string().max(2000).nullable(),
          }),
        )
        .max(10),
      /** The best article's answer (for the message's channel) when it is confident enough. */
      draftReply: z.string().max(20_000).nullable(),
    }),
  }),
  'escalation.decided': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'The router handed the conversation to people, with its reasons and the handoff context.',
    payload: z.object({
      decisionId: id,
      triggeredBy: id,
      reasons: z
        .array(z.object({ code: escalationReasonCodeSchema, detail: z.string().max(500) }))
        .min(1),
      priority: z.enum(['low', 'normal', 'high', 'urgent']),
      skills: z.array(z.string().max(64)).max(20),
      queue: z.string().min(1).max(64),
      policyVersion: z.number().int().positive(),
      /** What the customer is offered while nobody who could take it is online (policy); absent: queue. */
      noAgentOnline: z.enum(['queue', 'callback', 'message']).optional(),
      handoff: z.object({
        summary: z.string().max(4000),
        transcript: z.array(transcriptEntrySchema).max(500),
        customerId: id,
        channel: z.object({ id, type: channelTypeSchema }),
        lastSentiment: sentimentSchema.nullable(),
        language,
        // Added later, so optional: what the agent needs so the customer never repeats themselves.
        /** Where the summary came from: the extractive one at once; a model's follows in handoff.summarized. */
        summarySource: z.enum(['extractive', 'model']).optional(),
        /** The customer as the gateway knows them, across channels (null: it could not say). */
        customer: z
          .object({
            tier: z.string().max(32),
            displayName: z.string().max(200).nullable(),
            conversations: z
              .array(
                z.object({ id, channelId: id, status: z.string().max(32), createdAt: isoTime }),
              )
              .max(50),
          })
          .nullable()
          .optional(),
        /** The latest detected topic and emotions. */
        intent: z.string().max(200).nullable().optional(),
        emotions: z.array(emotionScoreSchema).max(3).optional(),
        /** The bot's answers (their sources and confidence) and its deferrals, oldest first. */
        botAnswers: z
          .array(
            z.object({
              replyId: id,
              inReplyTo: id,
              confidence: z.number().min(0).max(1),
              sources: z.array(sourceSchema).max(10),
            }),
          )
          .max(50)
          .optional(),
        deferrals: z
          .array(
            z.object({
              inReplyTo: id,
              reason: botDeferralReasonSchema,
              confidence: z.number().min(0).max(1),
            }),
          )
          .max(50)
          .optional(),
      }),
    }),
  }),
  'handoff.summarized': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "The model's summary of an escalated conversation, after the escalation (which carries an extractive one at once) (router, when ROUTER_LLM_BASE_URL is set).",
    payload: z.object({ decisionId: id, summary: z.string().min(1).max(4000) }),
  }),
  'conversation.queued': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'The desk put an escalated conversation in a queue, with its place and the expected wait at that moment.',
    payload: z.object({
      queue: z.string().min(1).max(64),
      priority: z.enum(['low', 'normal', 'high', 'urgent']),
      /** 1 = next; in the order the desk offers (priority, then time queued). Absent in older events. */
      position: z.number().int().positive().optional(),
      /** From the queue's recent assignments; null when there is no recent history or nobody online. */
      estimatedWaitSeconds: z.number().int().nonnegative().nullable().optional(),
      /** Online agents with every skill the conversation needs. Absent in older events. */
      agentsOnline: z.number().int().nonnegative().optional(),
      /** The queue's target for the time to the first human reply. Absent in older events. */
      slaSeconds: z.number().int().positive().optional(),
      /** Outside the queue's business hours: when it opens next (it is not offered before). */
      opensAt: isoTime.optional(),
    }),
  }),
  'offer.created': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'The desk reserved the conversation for one agent until the offer expires.',
    payload: z.object({ offerId: id, agentId: id, expiresAt: isoTime }),
  }),
  'offer.declined': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'The agent declined the offer.',
    payload: z.object({ offerId: id, agentId: id, reason: z.string().max(500).nullable() }),
  }),
  'offer.expired': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'Nobody accepted the offer in time.',
    payload: z.object({ offerId: id, agentId: id }),
  }),
  'conversation.assigned': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'An agent accepted the conversation; it is in human mode.',
    payload: z.object({ offerId: id, agentId: id, agentName: z.string().max(200) }),
  }),
  'agent.replied': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'An agent wrote to the customer.',
    payload: z.object({
      replyId: id,
      agentId: id,
      text,
      /** The name the customer sees on the reply. Absent in events written before it existed. */
      agentName: z.string().min(1).max(200).optional(),
    }),
  }),
  'conversation.resolved': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'A person resolved the conversation, with a wrap-up code and a resolution note.',
    payload: z.object({
      agentId: id,
      wrapUpCode: z.string().min(1).max(64),
      note: z.string().max(4000),
      /**
       * A customer message up to this time reopens the conversation for a person (the desk
       * queues it again; the bot stays silent, the router does not escalate, the gateway keeps
       * the conversation). Null: reopening is off. Absent in older events: no reopening.
       */
      reopenUntil: isoTime.nullable().optional(),
    }),
  }),
  'conversation.transferred': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'The conversation moved to another agent or queue with a note (an agent transferred it, or a supervisor reassigned it); the context travels with it (desk).',
    payload: z.object({
      kind: z.enum(['transfer', 'reassign']),
      fromAgentId: id.nullable(),
      /** Set when it went to a named agent (offered to them first). */
      toAgentId: id.nullable(),
      /** The queue it waits in now. */
      toQueue: z.string().min(1).max(64),
      note: z.string().max(2000),
      /** Who moved it (principal subject). */
      byId: id,
    }),
  }),
  'conversation.reopened': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "The customer wrote again within the tenant's reopen window after a person resolved the conversation: it is queued for a person again, the previous agent first (desk).",
    payload: z.object({
      previousAgentId: id.nullable(),
      resolvedAt: isoTime,
      /** The customer's message that reopened it. */
      messageId: id,
    }),
  }),
  'conversation.abandoned': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'The conversation left the queue without ever reaching a person (the customer gave up or it waited past the tenant limit); it goes back to the bot (desk).',
    payload: z.object({
      queue: z.string().min(1).max(64),
      waitedSeconds: z.number().int().nonnegative(),
      reason: z.enum(['timeout', 'customer_left']),
    }),
  }),
  'survey.requested': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      'After a person resolved the conversation, the customer is asked to rate it: CSAT 1–5 or NPS 0–10; the gateway delivers the question on the channel (desk).',
    payload: z.object({
      surveyId: id,
      kind: z.enum(['csat', 'nps']),
      agentId: id.nullable(),
      language,
    }),
  }),
  'survey.answered': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "The customer's answer to a survey: CSAT 1–5 or NPS 0–10, with an optional comment (gateway: the web chat, a bare number sent on a text channel, or the adapter's API).",
    payload: z.object({
      surveyId: id,
      kind: z.enum(['csat', 'nps']),
      score: z.number().int().min(0).max(10),
      comment: z.string().max(2000).nullable(),
      source: z.enum(['webchat', 'message', 'api']),
      /** The person the rating is about (from survey.requested), so projections need no join. Absent in older events. */
      agentId: id.nullable().optional(),
    }),
  }),
  'answer.reviewed': defineEvent({
    version: 1,
    topic: 'conversations',
    description:
      "A supervisor reviewed one of the bot's answers: right, or wrong with the answer it should have given, which the knowledge service turns into a draft article (desk).",
    payload: z.object({
      replyId: id,
      verdict: z.enum(['right', 'wrong']),
      /** The customer's question the bot answered. */
      question: text,
      /** What the bot said. */
      answer: text,
      /** The correct answer, when wrong and written. */
      correction: text.nullable(),
      locale: z.string().max(16),
      reviewerId: id,
      /** The articles the bot answered with, best first (not duplicates of a correction). Absent in older events. */
      sourceArticleIds: z.array(id).max(10).optional(),
    }),
  }),
  'delivery.succeeded': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'A reply reached the channel.',
    payload: z.object({ replyId: id, channelId: id, attempts: z.number().int().positive() }),
  }),
  'delivery.failed': defineEvent({
    version: 1,
    topic: 'conversations',
    description: 'A reply could not be delivered after every retry.',
    payload: z.object({
      replyId: id,
      channelId: id,
      attempts: z.number().int().positive(),
      reason: z.string().max(1000),
      /** The customer cannot be reached on this channel at all: the desk can try another. */
      unreachable: z
        .enum(['INVALID_ADDRESS', 'OPTED_OUT', 'INACTIVE', 'REPLY_WINDOW_CLOSED'])
        .optional(),
    }),
  }),
  'article.drafted': defineEvent({
    version: 1,
    topic: 'articles',
    description: 'The knowledge service drafted an article from a conversation a person resolved.',
    payload: z.object({
      articleId: id,
      title: z.string().max(500),
      locale: z.string().max(16),
      sourceConversationId: id.nullable(),
    }),
  }),
  'article.published': defineEvent({
    version: 1,
    topic: 'articles',
    description:
      'An article was published, or a published article got a new version: search serves it from now on, so the bot answers with it (knowledge).',
    payload: articleStatusChange,
  }),
  'article.retired': defineEvent({
    version: 1,
    topic: 'articles',
    description:
      'An article was retired: search no longer serves it, so the bot stops answering with it (knowledge).',
    payload: articleStatusChange,
  }),
  'agent.presence_changed': defineEvent({
    version: 1,
    topic: 'agents',
    description:
      "An agent's presence changed: by the agent, a supervisor, their realtime connection (away after a grace period) or their schedule (desk).",
    payload: z.object({
      agentId: id,
      presence: z.enum(['online', 'away', 'busy', 'offline']),
      /** The tenant's custom busy state ("lunch", "training") when busy. */
      busyState: z.string().max(64).nullable(),
      cause: z.enum(['agent', 'supervisor', 'connection', 'schedule']),
    }),
  }),
  'customer.erased': defineEvent({
    version: 1,
    topic: 'customers',
    description:
      "A customer's personal data was erased (on request or after the tenant's retention period): their key is destroyed, so their text on the log is unreadable; every service deletes or anonymises its copies (gateway).",
    payload: z.object({
      customerId: id,
      /** Customers merged into this one: erased with it. */
      mergedCustomerIds: z.array(id).max(1_000),
      /** Every conversation the customer had, so services can find their copies. */
      conversationIds: z.array(id).max(100_000),
      reason: z.enum(['request', 'retention']),
      erasedAt: isoTime,
    }),
  }),
} as const;

export type EventCatalog = typeof EVENT_CATALOG;
export type EventType = keyof EventCatalog;
export type PayloadOf<T extends EventType> = z.infer<EventCatalog[T]['payload']>;

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  tenantId: string;
  aggregateId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  /** The customer whose personal data the payload may carry (seals its personal fields). */
  customerId?: string | null;
  payload: PayloadOf<T>;
}

/** A union over every event type, so `switch (event.type)` narrows the payload. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}
