import type { EmotionScore, Sentiment } from '@tandem/contracts';
import { detectLanguage, type Language } from '@tandem/text';
import { detectTopic, type TopicRule } from './detect-topic';
import { requestsPerson } from './requests-person';
import { feel } from './score-sentiment';

export { scoreSentiment } from './score-sentiment';
export { detectTopic, type TopicRule } from './detect-topic';

export interface MessageAnalysis {
  language: Language;
  sentiment: Sentiment;
  humanRequested: boolean;
  /** The tenant's configured topic the message is about; null without topics or a match. */
  intent: string | null;
  /** Anger, anxiety, frustration with a 0..1 score, strongest first; empty when none is clear. */
  emotions: EmotionScore[];
}

export interface AnalysisContext {
  /** The tenant's configured topics (wiring them per tenant is up to the caller). */
  topics?: readonly TopicRule[];
}

/**
 * What the bot knows about one customer message, offline and pure: language, sentiment,
 * service emotions, an explicit request for a person, and the configured topic.
 */
export function analyzeMessage(text: string, context: AnalysisContext = {}): MessageAnalysis {
  const language = detectLanguage(text);
  const { sentiment, emotions } = feel(text, language);
  return {
    language,
    sentiment,
    humanRequested: requestsPerson(text),
    intent: context.topics ? detectTopic(text, context.topics) : null,
    emotions,
  };
}
