import type OpenAI from 'openai';
import type { Logger } from '@tandem/observability';
import type { CircuitBreaker } from './circuit-breaker';
import { JsonModelCall, type ModelCallSettings } from './model-call';
import { buildModelMessages, judgeModelOutput, parseModelOutput } from './model-prompt';
import type { StoredAttachment } from '@tandem/contracts';
import type { AnswerProvider, DeferReason, ProviderDecision, ProviderInput } from './responder';

export interface ModelProviderSettings extends ModelCallSettings {
  /** The model's confidence an answer needs. */
  threshold: number;
  /** Set when the model takes images: the largest image it is sent. */
  vision?: { maxImageBytes: number };
}

/** Image types the OpenAI-compatible vision APIs accept as data URLs. */
const VISION_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * An OpenAI-compatible chat model answers from the retrieved articles: the prompt is fixed,
 * the customer's words travel only as masked JSON data, the answer must be structured,
 * grounded in cited articles and free of the prompt. Failures (429/5xx, timeouts, malformed
 * output) are retried while the budget lasts and then defer with MODEL_ERROR; a circuit
 * breaker stops calling a model that keeps failing (both in `JsonModelCall`). Never throws.
 */
export class ModelProvider implements AnswerProvider {
  private readonly call: JsonModelCall;

  constructor(
    client: OpenAI,
    private readonly settings: ModelProviderSettings,
    breaker: CircuitBreaker,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.call = new JsonModelCall(client, settings, breaker, now);
  }

  /** Images of the common web types within the size limit, when the model has vision. */
  canSee(attachment: StoredAttachment): boolean {
    const vision = this.settings.vision;
    return (
      vision !== undefined &&
      attachment.kind === 'image' &&
      VISION_TYPES.has(attachment.mimeType.toLowerCase()) &&
      attachment.sizeBytes <= vision.maxImageBytes
    );
  }

  async decide(input: ProviderInput): Promise<ProviderDecision> {
    const defer = (reason: DeferReason, usage?: ProviderDecision['usage']): ProviderDecision => ({
      choice: { kind: 'defer', reason },
      confidence: 0,
      sources: [],
      provider: 'openai',
      ...(usage && usage.requests > 0 ? { usage } : {}),
    });
    // Nothing to ground an answer in: the model is not asked.
    if (input.hits.length === 0) return defer('LOW_CONFIDENCE');
    const outcome = await this.call.complete(buildModelMessages(input), parseModelOutput);
    if (outcome.ok)
      return {
        ...judgeModelOutput(outcome.output, input.hits, this.settings.threshold),
        provider: 'openai',
        usage: outcome.usage,
      };
    if (outcome.circuitOpen)
      this.logger.warn({ breaker: this.call.breakerState }, 'model circuit open; deferring');
    else
      this.logger.warn(
        {
          problem: outcome.problem,
          requests: outcome.usage.requests,
          breaker: this.call.breakerState,
        },
        'the model gave no usable answer; deferring',
      );
    return defer('MODEL_ERROR', outcome.usage);
  }
}
