import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { isRetriableModelError } from '@tandem/platform';
import type { Logger } from '@tandem/observability';
import type { CircuitBreaker } from './circuit-breaker';
import { buildModelMessages, judgeModelOutput, parseModelOutput } from './model-prompt';
import type { StoredAttachment } from '@tandem/contracts';
import type {
  AnswerProvider,
  DeferReason,
  ModelUsage,
  ProviderDecision,
  ProviderInput,
} from './responder';

export interface ModelProviderSettings {
  model: string;
  /** Per request. */
  timeoutMs: number;
  /** For the whole decision, retries included. */
  budgetMs: number;
  /** The model's confidence an answer needs. */
  threshold: number;
  /** Set when the model takes images: the largest image it is sent. */
  vision?: { maxImageBytes: number };
}

/** Image types the OpenAI-compatible vision APIs accept as data URLs. */
const VISION_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const BACKOFF_MS = 200;

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `HTTP ${error.status}`;
  return (error instanceof Error ? error.constructor.name : 'unknown error').slice(0, 100);
}

/**
 * An OpenAI-compatible chat model answers from the retrieved articles: the prompt is fixed,
 * the customer's words travel only as masked JSON data, the answer must be structured,
 * grounded in cited articles and free of the prompt. Failures (429/5xx, timeouts, malformed
 * output) are retried while the budget lasts and then defer with MODEL_ERROR; a circuit
 * breaker stops calling a model that keeps failing. Never throws.
 */
export class ModelProvider implements AnswerProvider {
  constructor(
    private readonly client: OpenAI,
    private readonly settings: ModelProviderSettings,
    private readonly breaker: CircuitBreaker,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

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
    const usage: ModelUsage = {
      model: this.settings.model,
      promptTokens: 0,
      completionTokens: 0,
      requests: 0,
    };
    const defer = (reason: DeferReason): ProviderDecision => ({
      choice: { kind: 'defer', reason },
      confidence: 0,
      sources: [],
      provider: 'openai',
      ...(usage.requests > 0 ? { usage } : {}),
    });
    // Nothing to ground an answer in: the model is not asked.
    if (input.hits.length === 0) return defer('LOW_CONFIDENCE');
    if (!this.breaker.tryAcquire()) {
      this.logger.warn({ breaker: this.breaker.state }, 'model circuit open; deferring');
      return defer('MODEL_ERROR');
    }
    const messages = buildModelMessages(input);
    const deadline = this.now() + this.settings.budgetMs;
    let lastProblem = 'budget exhausted';
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - this.now();
      if (remaining <= 0) break;
      try {
        usage.requests += 1;
        const completion = await this.client.chat.completions.create(
          {
            model: this.settings.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages,
          },
          { timeout: Math.min(this.settings.timeoutMs, remaining), maxRetries: 0 },
        );
        usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
        usage.completionTokens += completion.usage?.completion_tokens ?? 0;
        const output = parseModelOutput(completion.choices[0]?.message.content ?? '');
        if (output) {
          this.breaker.recordSuccess();
          return {
            ...judgeModelOutput(output, input.hits, this.settings.threshold),
            provider: 'openai',
            usage,
          };
        }
        lastProblem = 'malformed output';
      } catch (error) {
        lastProblem = describe(error);
        if (!isRetriableModelError(error)) break;
      }
      const pause = Math.min(BACKOFF_MS * 2 ** (attempt - 1), deadline - this.now());
      if (pause <= 0) break;
      await sleep(pause);
    }
    this.breaker.recordFailure();
    this.logger.warn(
      { problem: lastProblem, requests: usage.requests, breaker: this.breaker.state },
      'the model gave no usable answer; deferring',
    );
    return defer('MODEL_ERROR');
  }
}
