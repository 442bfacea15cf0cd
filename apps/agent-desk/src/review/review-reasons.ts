import { createHash } from 'node:crypto';
import type { DeskSettings } from '../settings/desk-settings';

/**
 * Why one of the bot's answers is in the review queue, in the order they are listed:
 * its confidence was low, it was drawn at random, the customer rated it not helpful, or the
 * customer gave the conversation a poor CSAT.
 */
export const REVIEW_REASONS = ['LOW_CONFIDENCE', 'SAMPLED', 'RATED_POORLY', 'POOR_CSAT'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** A CSAT score (1–5) at or below this flags the bot's answers in that conversation. */
export const POOR_CSAT_AT_MOST = 2;

/**
 * Pure: where a reply falls in [0, 1), from a hash of its id alone. A rebuild of the queue
 * from the log (or another desk instance) draws exactly the same answers, and a reply id
 * chosen by the bot cannot correlate with its content.
 */
export function sampleDraw(replyId: string): number {
  return createHash('sha256').update(replyId).digest().readUInt32BE(0) / 2 ** 32;
}

export function isSampled(replyId: string, sampleRate: number): boolean {
  return sampleDraw(replyId) < sampleRate;
}

/** The reasons in their listed order, each once. */
function normalized(reasons: Iterable<string>): ReviewReason[] {
  const set = new Set(reasons);
  return REVIEW_REASONS.filter((reason) => set.has(reason));
}

/** Pure: why a new answer goes to review, if at all (an empty list: it is only remembered). */
export function reasonsForAnswer(
  answer: { replyId: string; confidence: number },
  review: DeskSettings['review'],
): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (answer.confidence < review.lowConfidenceBelow) reasons.push('LOW_CONFIDENCE');
  if (isSampled(answer.replyId, review.sampleRate)) reasons.push('SAMPLED');
  return reasons;
}

/**
 * Pure: the customer's latest rating of the answer counts, so "not helpful" adds
 * RATED_POORLY and a later "helpful" takes it back (the other reasons stay).
 */
export function reasonsAfterRating(
  reasons: readonly string[],
  rating: 'helpful' | 'not_helpful',
): ReviewReason[] {
  return rating === 'not_helpful'
    ? normalized([...reasons, 'RATED_POORLY'])
    : normalized(reasons.filter((reason) => reason !== 'RATED_POORLY'));
}

/** Pure: whether a survey answer is a poor CSAT (NPS never flags the bot's answers). */
export function isPoorCsat(survey: { kind: 'csat' | 'nps'; score: number }): boolean {
  return survey.kind === 'csat' && survey.score <= POOR_CSAT_AT_MOST;
}

export function reasonsAfterPoorCsat(reasons: readonly string[]): ReviewReason[] {
  return normalized([...reasons, 'POOR_CSAT']);
}
