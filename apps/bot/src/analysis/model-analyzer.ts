import type OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import type { CircuitBreaker } from '../answers/circuit-breaker';
import { JsonModelCall, type ModelCallSettings } from '../answers/model-call';
import type { ModelUsage, Turn } from '../answers/responder';
import { analyzeMessage, type AnalysisContext } from './analyze-message';
import type { Analyzer, AnalyzerResult } from './analyzer';
import { combineAnalysis } from './combine-analysis';
import { buildAnalysisMessages, parseModelAnalysis } from './model-analyzer-prompt';

/**
 * The rules' analysis refined by an OpenAI-compatible chat model: the rules always run first;
 * the model, asked with the customer's masked words (and the last turns) as JSON data under a
 * fixed prompt, refines sentiment and emotions and may add a request for a person. On any
 * failure (429/5xx, timeout, malformed output, open circuit) the rules' analysis is the
 * answer, marked `source: 'rules'`. The budget is short: the reply waits for it. Never throws.
 */
export class ModelAnalyzer implements Analyzer {
  private readonly call: JsonModelCall;

  constructor(
    client: OpenAI,
    settings: ModelCallSettings,
    breaker: CircuitBreaker,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.call = new JsonModelCall(client, settings, breaker, now);
  }

  async analyze(
    text: string,
    history: readonly Turn[] = [],
    context: AnalysisContext = {},
  ): Promise<AnalyzerResult> {
    // The rules always run first; the topic (intent) is theirs.
    const rules = analyzeMessage(text, context);
    const byRules = (usage?: ModelUsage): AnalyzerResult => ({
      analysis: rules,
      source: 'rules',
      ...(usage && usage.requests > 0 ? { usage } : {}),
    });
    if (text.trim().length === 0) return byRules();
    try {
      const outcome = await this.call.complete(
        buildAnalysisMessages(text, history),
        parseModelAnalysis,
      );
      if (outcome.ok)
        return {
          analysis: combineAnalysis(rules, outcome.output),
          source: 'model',
          usage: outcome.usage,
        };
      this.logger.warn(
        {
          problem: outcome.problem,
          requests: outcome.usage.requests,
          breaker: this.call.breakerState,
        },
        'the model gave no usable analysis; using the rules',
      );
      return byRules(outcome.usage);
    } catch (error) {
      // Not expected (the call handles the model's failures), but the analysis must not fail.
      this.logger.warn(
        { problem: error instanceof Error ? error.constructor.name : 'unknown error' },
        'the model analysis failed; using the rules',
      );
      return byRules();
    }
  }
}
