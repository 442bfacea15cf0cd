// Codes the platform's APIs send that the console puts into words. Kept here because the
// browser bundle does not import the contracts library; codes.spec.ts checks this list
// against it, so a new reason fails the unit tests until it is worded.

/** The router's escalation reasons (libs/contracts escalationReasonCodeSchema). */
export const ESCALATION_REASONS = [
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
] as const;

/** Why the bot would not answer (libs/contracts botDeferralReasonSchema). */
export const BOT_DEFERRAL_REASONS = [
  'LOW_CONFIDENCE',
  'NO_ANSWER_IN_LANGUAGE',
  'HUMAN_REQUESTED',
  'UNSUPPORTED_CONTENT',
  'MISSING_CUSTOMER_FACT',
  'PROVIDER_ERROR',
  'MODEL_UNSURE',
  'HUMAN_NEEDED',
  'MODEL_ERROR',
  'UNGROUNDED',
  'UNSAFE_OUTPUT',
] as const;
