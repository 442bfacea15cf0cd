import type { ModelUsageResponse } from '@tandem/contracts';
import type { ModelTokens } from './usage.schemas';

/** Pure: the bot's spend per day and model summed over the period, overall and per model. */
export function sumModelTokens(days: ModelUsageResponse['days']): ModelTokens {
  const byModel = new Map<string, ModelTokens['byModel'][number]>();
  for (const day of days) {
    const model = byModel.get(day.model) ?? {
      model: day.model,
      promptTokens: 0,
      completionTokens: 0,
      requests: 0,
    };
    model.promptTokens += day.promptTokens;
    model.completionTokens += day.completionTokens;
    model.requests += day.requests;
    byModel.set(day.model, model);
  }
  const models = [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  const sum = (pick: (model: ModelTokens['byModel'][number]) => number): number =>
    models.reduce((total, model) => total + pick(model), 0);
  const promptTokens = sum((model) => model.promptTokens);
  const completionTokens = sum((model) => model.completionTokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    requests: sum((model) => model.requests),
    byModel: models,
  };
}
