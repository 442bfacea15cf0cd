import { detectLanguage, scrubPersonalData } from '@tandem/text';
import { titleOf, type DraftArticle } from './draft-from-case';

export interface ReviewedAnswer {
  /** The customer's question the bot answered ('' when the desk did not see it). */
  question: string;
  /** The answer the supervisor says it should have been. */
  correction: string;
  /** The answer's language as the bot detected it ('und' when it could not tell). */
  locale: string;
}

/**
 * Pure: a draft article from a supervisor's correction of one of the bot's answers. The
 * customer's question (personal data removed) is the title and the sample question, the
 * correction the body; without a question the correction's first line is the title. Returns
 * null when there is no correction to learn from.
 */
export function draftFromReview(reviewed: ReviewedAnswer): DraftArticle | null {
  const body = scrubPersonalData(reviewed.correction.trim());
  if (!body) return null;
  const question = scrubPersonalData(reviewed.question.trim());
  const questions = question.length >= 4 ? [question] : [];
  const title = titleOf(questions[0] ?? body.split('\n')[0]!.trim());
  const detected = detectLanguage(`${question} ${body}`);
  const locale =
    reviewed.locale && reviewed.locale !== 'und'
      ? reviewed.locale
      : detected === 'other'
        ? 'und'
        : detected;
  return { title, body, questions, locale };
}
