import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { isRetriableModelError } from '@tandem/platform';
import type { CircuitBreaker } from './circuit-breaker';
import type { ChatMessage } from './model-prompt';
import type { ModelUsage } from './responder';

export interface ModelCallSettings {
  model: string;
  /** Per request. */
  timeoutMs: number;
  /** For the whole call, retries included. */
  budgetMs: number;
}

/** The model's parsed JSON, or why there is none; the usage counts every request sent. */
export type ModelCallOutcome<T> =
  | { ok: true; output: T; usage: ModelUsage }
  | { ok: false; problem: string; circuitOpen: boolean; usage: ModelUsage };

const BACKOFF_MS = 200;

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `HTTP ${error.status}`;
  return (error instanceof Error ? error.constructor.name : 'unknown error').slice(0, 100);
}

/**
 * One JSON question to an OpenAI-compatible chat model, the way every caller in the bot asks:
 * temperature 0, `response_format: json_object`, the client's own retries off. Failures
 * (429/5xx, timeouts, output `parse` refuses) are retried with a doubling backoff while the
 * budget lasts; other errors end the call at once. The circuit breaker is asked first and
 * told the outcome. Never throws for the model.
 */
export class JsonModelCall {
  constructor(
    private readonly client: OpenAI,
    private readonly settings: ModelCallSettings,
    private readonly breaker: CircuitBreaker,
    private readonly now: () => number = Date.now,
  ) {}

  get breakerState(): CircuitBreaker['state'] {
    return this.breaker.state;
  }

  async complete<T>(
    messages: ChatMessage[],
    parse: (content: string) => T | null,
  ): Promise<ModelCallOutcome<T>> {
    const usage: ModelUsage = {
      model: this.settings.model,
      promptTokens: 0,
      completionTokens: 0,
      requests: 0,
    };
    if (!this.breaker.tryAcquire())
      return { ok: false, problem: 'circuit open', circuitOpen: true, usage };
    const deadline = this.now() + this.settings.budgetMs;
    let problem = 'budget exhausted';
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
        const output = parse(completion.choices[0]?.message.content ?? '');
        if (output !== null) {
          this.breaker.recordSuccess();
          return { ok: true, output, usage };
        }
        problem = 'malformed output';
      } catch (error) {
        problem = describe(error);
        if (!isRetriableModelError(error)) break;
      }
      const pause = Math.min(BACKOFF_MS * 2 ** (attempt - 1), deadline - this.now());
      if (pause <= 0) break;
      await sleep(pause);
    }
    this.breaker.recordFailure();
    return { ok: false, problem, circuitOpen: false, usage };
  }
}
