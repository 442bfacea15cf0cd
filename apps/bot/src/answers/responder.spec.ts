import type { SearchHit } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { analyzeMessage } from '../analysis/analyze-message';
import { RulesAnalyzer, type Analyzer, type AnalyzerResult } from '../analysis/analyzer';
import {
  LocalProvider,
  Responder,
  type AnswerProvider,
  type ProviderDecision,
  type SearchKnowledge,
} from './responder';

const card: SearchHit = {
  articleId: 'a1',
  title: 'Card delivery',
  answer: 'Cards arrive in 3–5 working days.',
  locale: 'en',
  score: 0.9,
  matchedQuestion: 'when will my card arrive',
};

function responder(search: SearchKnowledge): Responder {
  let clock = 1_000;
  return new Responder(
    new RulesAnalyzer(),
    search,
    new LocalProvider(0.55),
    'local',
    createLogger('test', 'silent'),
    () => (clock += 7),
  );
}

const input = { tenantId: 't1', channel: 'generic' as const };

describe('the responder with the local provider', () => {
  it('answers with the best article, its source and the time it took', async () => {
    const decision = await responder(() => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
    });
    expect(decision).toMatchObject({
      analysis: { language: 'en', humanRequested: false },
      choice: { kind: 'answer', text: 'Cards arrive in 3–5 working days.' },
      confidence: 0.9,
      sources: [{ articleId: 'a1', title: 'Card delivery', score: 0.9 }],
      provider: 'local',
      latencyMs: 7,
    });
  });

  it('defers a request for a person without searching', async () => {
    const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>();
    const decision = await responder(search).respond({ ...input, text: '转人工' });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'HUMAN_REQUESTED' });
    expect(search).not.toHaveBeenCalled();
  });

  it('defers a knowledge outage, or lets it throw when the message will be retried', async () => {
    const down = () => Promise.reject(new Error('knowledge down'));
    const decision = await responder(down).respond({ ...input, text: 'refund?' });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'PROVIDER_ERROR' });
    await expect(
      responder(down).respond({ ...input, text: 'refund?' }, { rethrowSearchErrors: true }),
    ).rejects.toThrow('knowledge down');
  });
});

/** An analyzer that says what the model would have: the rules' analysis with a verdict on top. */
class ScriptedAnalyzer implements Analyzer {
  readonly histories: unknown[] = [];
  constructor(
    private readonly verdict: (text: string) => Omit<AnalyzerResult, 'analysis'> & {
      humanRequested?: boolean;
    },
  ) {}

  analyze(text: string, history?: readonly unknown[]): Promise<AnalyzerResult> {
    this.histories.push(history);
    const { humanRequested, ...rest } = this.verdict(text);
    const rules = analyzeMessage(text);
    return Promise.resolve({
      analysis: { ...rules, humanRequested: humanRequested ?? rules.humanRequested },
      ...rest,
    });
  }
}

const usage = (requests: number) => ({
  model: 'm',
  promptTokens: 10 * requests,
  completionTokens: 5 * requests,
  requests,
});

/** A provider that answers with the article and the tokens one model request costs. */
const modelLike: AnswerProvider = {
  decide: (): Promise<ProviderDecision> =>
    Promise.resolve({
      choice: { kind: 'answer', text: 'Cards arrive in 3–5 working days.' },
      confidence: 0.9,
      sources: [{ articleId: 'a1', title: 'Card delivery', score: 0.9 }],
      provider: 'openai',
      usage: usage(1),
    }),
};

describe('the responder with an analyzer', () => {
  const build = (analyzer: Analyzer, search: SearchKnowledge) =>
    new Responder(analyzer, search, modelLike, 'openai', createLogger('test', 'silent'));

  it("adds the analysis's tokens to the provider's and passes the history to the analyzer", async () => {
    const analyzer = new ScriptedAnalyzer(() => ({ source: 'model', usage: usage(2) }));
    const history = [{ role: 'customer' as const, text: 'Hi' }];
    const decision = await build(analyzer, () => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
      history,
    });
    expect(decision.choice.kind).toBe('answer');
    expect(decision.usage).toEqual({
      model: 'm',
      promptTokens: 30,
      completionTokens: 15,
      requests: 3,
    });
    expect(analyzer.histories).toEqual([history]);
  });

  it('defers a request for a person only the model saw, counting the analysis tokens', async () => {
    const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>();
    const analyzer = new ScriptedAnalyzer(() => ({
      source: 'model',
      usage: usage(1),
      humanRequested: true,
    }));
    const decision = await build(analyzer, search).respond({
      ...input,
      text: 'Could someone from your team look at this?',
    });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'HUMAN_REQUESTED' });
    expect(decision.usage).toEqual(usage(1));
    expect(search).not.toHaveBeenCalled();
  });

  it('carries no usage when neither the analysis nor the provider asked a model', async () => {
    const decision = await responder(() => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
    });
    expect(decision).not.toHaveProperty('usage');
  });
});
