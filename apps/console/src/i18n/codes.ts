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
