import { sumModelTokens } from './model-tokens';

describe('sumModelTokens', () => {
  const day = (d: string, model: string, prompt: number, completion: number, requests: number) => ({
    day: d,
    model,
    promptTokens: prompt,
    completionTokens: completion,
    requests,
  });

  it.each<[string, Parameters<typeof sumModelTokens>[0], ReturnType<typeof sumModelTokens>]>([
    [
      'no spend → zeros, no models',
      [],
      { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, byModel: [] },
    ],
    [
      'two days of one model, one of another → summed per model, models by name',
      [
        day('2026-12-01', 'gpt-4o-mini', 100, 20, 2),
        day('2026-12-01', 'gpt-4o', 50, 5, 1),
        day('2026-12-02', 'gpt-4o-mini', 300, 40, 3),
      ],
      {
        promptTokens: 450,
        completionTokens: 65,
        totalTokens: 515,
        requests: 6,
        byModel: [
          { model: 'gpt-4o', promptTokens: 50, completionTokens: 5, requests: 1 },
          { model: 'gpt-4o-mini', promptTokens: 400, completionTokens: 60, requests: 5 },
        ],
      },
    ],
  ])('%s', (_case, days, expected) => {
    expect(sumModelTokens(days)).toEqual(expected);
  });
});
