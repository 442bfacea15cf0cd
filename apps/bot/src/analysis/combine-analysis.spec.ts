import type { MessageAnalysis } from './analyze-message';
import { combineAnalysis, type ModelAnalysis } from './combine-analysis';

const neutral = { polarity: 'neutral', score: 0, intensity: 0 } as const;
const rulesSay = (over: Partial<MessageAnalysis> = {}): MessageAnalysis => ({
  language: 'en',
  sentiment: neutral,
  humanRequested: false,
  intent: null,
  emotions: [],
  ...over,
});
const modelSays = (over: Partial<ModelAnalysis> = {}): ModelAnalysis => ({
  sentiment: neutral,
  emotions: [],
  humanRequested: false,
  ...over,
});

describe('combining the rules and the model', () => {
  it.each<[string, MessageAnalysis, ModelAnalysis, Partial<MessageAnalysis>]>([
    [
      'rules neutral, model angry → the model’s sentiment and emotion',
      rulesSay(),
      modelSays({
        sentiment: { polarity: 'negative', score: -0.7, intensity: 0.8 },
        emotions: [{ emotion: 'anger', score: 0.9 }],
      }),
      {
        sentiment: { polarity: 'negative', score: -0.7, intensity: 0.8 },
        emotions: [{ emotion: 'anger', score: 0.9 }],
      },
    ],
    [
      'rules negative with frustration, model neutral → neutral, no emotion',
      rulesSay({
        sentiment: { polarity: 'negative', score: -0.5, intensity: 0.38 },
        emotions: [{ emotion: 'frustration', score: 0.6 }],
      }),
      modelSays({ emotions: [{ emotion: 'anxiety', score: 0.7 }] }),
      { sentiment: neutral, emotions: [] },
    ],
    [
      'rules saw a request for a person, the model did not → the request stands',
      rulesSay({ humanRequested: true }),
      modelSays(),
      { humanRequested: true },
    ],
    [
      'the model saw a request the rules missed → a request',
      rulesSay(),
      modelSays({ humanRequested: true }),
      { humanRequested: true },
    ],
    [
      'neither saw a request (“this bot is useless” is frustration) → none',
      rulesSay(),
      modelSays({
        sentiment: { polarity: 'negative', score: -0.6, intensity: 0.6 },
        emotions: [{ emotion: 'frustration', score: 0.8 }],
      }),
      { humanRequested: false, emotions: [{ emotion: 'frustration', score: 0.8 }] },
    ],
    [
      'model emotions unsorted, one unclear, one repeated → clear ones, strongest first, once each',
      rulesSay(),
      modelSays({
        sentiment: { polarity: 'negative', score: -0.9, intensity: 0.9 },
        emotions: [
          { emotion: 'anxiety', score: 0.5 },
          { emotion: 'frustration', score: 0.2 },
          { emotion: 'anger', score: 0.6 },
          { emotion: 'anxiety', score: 0.75 },
        ],
      }),
      {
        emotions: [
          { emotion: 'anxiety', score: 0.75 },
          { emotion: 'anger', score: 0.6 },
        ],
      },
    ],
    [
      'model’s long decimals → rounded to two places like the rules',
      rulesSay(),
      modelSays({ sentiment: { polarity: 'positive', score: 0.33333, intensity: 0.126 } }),
      { sentiment: { polarity: 'positive', score: 0.33, intensity: 0.13 } },
    ],
    [
      'Chinese by the rules, intent from the rules → both kept whatever the model says',
      rulesSay({ language: 'zh', intent: 'refund' }),
      modelSays({ sentiment: { polarity: 'negative', score: -0.4, intensity: 0.5 } }),
      { language: 'zh', intent: 'refund' },
    ],
  ])('%s', (_, rules, model, expected) => {
    expect(combineAnalysis(rules, model)).toMatchObject(expected);
  });
});
