import type { BotDeferralReason } from '@tandem/contracts';

/**
 * Which of the bot's deferrals say the knowledge base lacked the answer. Every reason is
 * decided here (a new one does not compile until it is): the model being unsure or unable to
 * ground an answer in the articles is a gap like low confidence; a person being wanted, an
 * outage, unsafe output or content the bot cannot read are not.
 */
const GAP_BY_DEFERRAL: Record<BotDeferralReason, boolean> = {
  LOW_CONFIDENCE: true,
  MODEL_UNSURE: true,
  UNGROUNDED: true,
  // A confident article exists only in another language: the gap is its translation.
  NO_ANSWER_IN_LANGUAGE: true,
  HUMAN_REQUESTED: false,
  HUMAN_NEEDED: false,
  PROVIDER_ERROR: false,
  MODEL_ERROR: false,
  UNSAFE_OUTPUT: false,
  UNSUPPORTED_CONTENT: false,
  // The article exists; the customer's records lack a fact it needs.
  MISSING_CUSTOMER_FACT: false,
};

export function deferralIsGap(reason: BotDeferralReason): boolean {
  return GAP_BY_DEFERRAL[reason];
}
