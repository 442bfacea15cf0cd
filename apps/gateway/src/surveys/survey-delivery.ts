import type { EventEnvelope } from '@tandem/contracts';
import type { Reply } from '../delivery/delivery.service';
import { SURVEY_SCALE } from './parse-survey-answer';
import { surveyQuestion } from './survey-question';

/** The survey question as a reply to deliver: worded in the customer's language, marked as a survey. */
export function surveyReply(event: EventEnvelope<'survey.requested'>): Reply {
  const { surveyId, kind, language } = event.payload;
  return {
    replyId: surveyId,
    text: surveyQuestion(kind, language),
    from: { role: 'bot', name: 'Tandem' },
    survey: { id: surveyId, kind, ...SURVEY_SCALE[kind] },
  };
}
