import type { EmotionScore, Sentiment } from '@tandem/contracts';
import type { MessageAnalysis } from './analyze-message';

/** What the model says about a message (validated: see `parseModelAnalysis`). */
export interface ModelAnalysis {
  sentiment: Sentiment;
  emotions: EmotionScore[];
  humanRequested: boolean;
}

/** The rules' floor for an emotion to count as clear (score-sentiment.ts), kept for the model. */
export const EMOTION_FLOOR = 0.4;

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The rules' analysis refined by the model's: the model's sentiment and emotions replace the
 * rules' (emotions only on a negative message and only when clear, strongest first, one per
 * kind, as the rules report them); a request for a person stands when either saw one, so an
 * explicit request is never lost to the model; language and intent stay the rules'.
 */
export function combineAnalysis(rules: MessageAnalysis, model: ModelAnalysis): MessageAnalysis {
  const sentiment: Sentiment = {
    polarity: model.sentiment.polarity,
    score: round(model.sentiment.score),
    intensity: round(model.sentiment.intensity),
  };
  const strongest = new Map<EmotionScore['emotion'], number>();
  if (sentiment.polarity === 'negative')
    for (const { emotion, score } of model.emotions)
      if (score >= EMOTION_FLOOR)
        strongest.set(emotion, Math.max(score, strongest.get(emotion) ?? 0));
  return {
    language: rules.language,
    sentiment,
    humanRequested: rules.humanRequested || model.humanRequested,
    intent: rules.intent,
    emotions: [...strongest]
      .map(([emotion, score]) => ({ emotion, score: round(score) }))
      .sort((a, b) => b.score - a.score),
  };
}
