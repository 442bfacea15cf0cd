import { z } from 'zod';

export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof prioritySchema>;

const unit = z.number().min(0).max(1);
const skill = z.string().trim().min(1).max(64);
const queue = z.string().trim().min(1).max(64);

/**
 * A topic rule: conversations about one of these intents (message.analyzed `intent`, the
 * tenant's topic names in the bot) go to a queue with skills, and may go to people at once.
 */
export const topicRuleSchema = z.strictObject({
  /** The intents (topic names) the rule covers; matched case-insensitively. */
  intents: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  /** Escalate as soon as the topic is detected (reason TOPIC_RULE), from the first message on. */
  immediate: z.boolean().default(false),
  /** The priority any escalation of such a conversation has at least. */
  priority: prioritySchema.default('normal'),
  /** The queue such conversations go to; absent: the policy's queue. */
  queue: queue.optional(),
  /** Skills an agent needs for it, besides the language skill. */
  skills: z.array(skill).max(10).default([]),
});
export type TopicRule = z.infer<typeof topicRuleSchema>;

/**
 * An escalation policy: thresholds and rules as data, versioned per tenant. Every field has
 * a default, so `{}` is the default policy and a tenant writes only what it changes.
 * Unknown fields are refused (a typo must not silently keep a default).
 */
export const policyDocumentSchema = z
  .strictObject({
    /** Where escalations go unless a topic rule or the VIP rule says otherwise. */
    queue: queue.default('general'),
    /** The customer asked for a person (words, the channel's button): at once, no confirmation. */
    explicitRequest: z.strictObject({ priority: prioritySchema.default('high') }).prefault({}),
    /** One message that is intensely negative, or shows strong anger or frustration. */
    negativeSentiment: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Escalate when the latest message is negative with at least this intensity (0..1). */
        intensity: unit.default(0.8),
        /** …or shows anger or frustration scored at least this (0..1); 1 turns emotions off. */
        emotionScore: unit.default(0.8),
        priority: prioritySchema.default('high'),
      })
      .prefault({}),
    /** The customer's mood keeps getting worse, even if no single message is extreme. */
    sentimentWorsening: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Weight of the newest message in the moving average of sentiment scores (0..1]. */
        smoothing: z.number().gt(0).max(1).default(0.5),
        /** Escalate when the moving average of scores (-1..1) is at or below this… */
        averageAtMost: z.number().min(-1).max(1).default(-0.5),
        /** …or when the score fell by at least this over the last `window` analysed messages… */
        drop: z.number().gt(0).max(2).default(0.9),
        window: z.number().int().min(2).max(20).default(3),
        /** …and, for either, the customer has written at least this many messages. */
        minTurns: z.number().int().min(1).max(50).default(2),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /** The bot answered, but with low confidence, several times in a row. */
    lowConfidence: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** An answer below this confidence (0..1) is a low-confidence answer. */
        threshold: unit.default(0.5),
        /** How many low-confidence answers in a row escalate. */
        consecutive: z.number().int().min(1).max(20).default(2),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /** The bot could not answer (bot.deferred) several times in a row. */
    deferrals: z
      .strictObject({
        consecutive: z.number().int().min(1).max(20).default(2),
        /** The bot's model said a person is needed (HUMAN_NEEDED): escalate on that deferral. */
        humanNeededAtOnce: z.boolean().default(true),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /** The customer asks the same thing again (the bot is going round in circles). */
    looping: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Two messages are the same question at this similarity (0..1; token Jaccard, Chinese by character pairs). */
        similarity: unit.default(0.6),
        /** Escalate when this many messages repeated an earlier one. */
        repeats: z.number().int().min(1).max(20).default(1),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /** Too many customer messages without a resolution. */
    turns: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Escalate at this many customer messages (since the conversation last went back to the bot). */
        max: z.number().int().min(1).max(1000).default(8),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /** The conversation has gone on too long without a resolution. */
    duration: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Escalate when this many minutes passed since the first message (of this bot episode). */
        maxMinutes: z.number().min(1).max(100_000).default(30),
        priority: prioritySchema.default('normal'),
      })
      .prefault({}),
    /**
     * When nobody who could take the conversation is online: it always stays queued (never
     * dropped) and the customer is told so honestly; `callback` also asks for a number and a
     * time to call back, `message` invites them to leave their message for the next person.
     */
    noAgentOnline: z.enum(['queue', 'callback', 'message']).default('queue'),
    /** Valuable customers (message.received `customer.tier`). */
    vip: z
      .strictObject({
        /** The tiers that count as VIP; matched case-insensitively. Empty: no VIP rule. */
        tiers: z.array(z.string().trim().min(1).max(32)).max(20).default(['vip']),
        /** Send VIPs to people from their first message (reason VIP). */
        immediate: z.boolean().default(false),
        /** The priority any escalation of a VIP has at least. */
        priority: prioritySchema.default('high'),
        /** The queue VIPs go to (a topic rule's queue wins); absent: the policy's queue. */
        queue: queue.optional(),
      })
      .prefault({}),
    /** Topic rules (complaint, refund, legal → a queue, skills, a priority, perhaps at once). */
    topics: z.array(topicRuleSchema).max(50).default([]),
    /** What happens after a person resolved the conversation and it returns to the bot. */
    deescalation: z
      .strictObject({
        /** Forget the mood so far (moving average, trend): the customer starts afresh. */
        resetSentiment: z.boolean().default(true),
        /** Count turns and time again from the next message. */
        resetTurns: z.boolean().default(true),
        /** Forget earlier questions, so asking one again is not looping. */
        resetRepeats: z.boolean().default(true),
      })
      .prefault({}),
  })
  .superRefine((policy, context) => {
    const seen = new Map<string, number>();
    policy.topics.forEach((rule, index) => {
      for (const intent of rule.intents) {
        const key = intent.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined)
          context.addIssue({
            code: 'custom',
            path: ['topics', index, 'intents'],
            message: `intent "${intent}" is already covered by topics[${first}]`,
          });
        else seen.set(key, index);
      }
    });
  });
/** What a tenant writes (PUT /v1/policies): every field optional, defaults filled in. */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** A policy as the router applies it: the document and the version that identifies it. */
export type EscalationPolicy = PolicyDocument & { version: number };

/** The version of the built-in default; a tenant's own versions start after it. */
export const DEFAULT_POLICY_VERSION = 1;

export const DEFAULT_POLICY: EscalationPolicy = {
  ...policyDocumentSchema.parse({}),
  version: DEFAULT_POLICY_VERSION,
};
