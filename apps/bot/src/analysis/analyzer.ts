import type { ModelUsage, Turn } from '../answers/responder';
import { analyzeMessage, type AnalysisContext, type MessageAnalysis } from './analyze-message';

/** One message's analysis and where it came from (internal: the event carries the analysis only). */
export interface AnalyzerResult {
  analysis: MessageAnalysis;
  /** `model` when the model refined the rules' analysis, `rules` when it was not asked or failed. */
  source: 'rules' | 'model';
  /** What asking the model cost, for the caller to record; absent when no request was sent. */
  usage?: ModelUsage;
}

/**
 * What analyses a customer message for the router's signals. An abstract class rather than an
 * interface so that Nest can inject it by type; implementations never throw.
 */
export abstract class Analyzer {
  abstract analyze(
    text: string,
    history?: readonly Turn[],
    context?: AnalysisContext,
  ): Promise<AnalyzerResult>;
}

/** The offline lexicon-and-rules analysis, nothing else. */
export class RulesAnalyzer implements Analyzer {
  analyze(
    text: string,
    _history?: readonly Turn[],
    context?: AnalysisContext,
  ): Promise<AnalyzerResult> {
    return Promise.resolve({ analysis: analyzeMessage(text, context), source: 'rules' });
  }
}
