import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { isRetriableModelError } from '@tandem/platform';
import { normalised } from './vectors';

export interface EmbeddingsSettings {
  model: string;
  /** Asks the model for vectors this long (text-embedding-3 models can shorten theirs). */
  dimensions?: number;
  /** Per request. */
  timeoutMs: number;
  /** Texts per request; OpenAI takes up to 2,048, smaller batches fail smaller. */
  batchSize?: number;
}

export type Embedded = { vector: Float32Array } | { error: string };

const BACKOFF_MS = 250;

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined)
    return `HTTP ${error.status}: ${error.message}`.slice(0, 300);
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * Texts to unit vectors through any OpenAI-compatible `/embeddings` endpoint: batched, each
 * request bounded by the timeout, retried with backoff while the caller's budget lasts.
 * Never throws for the endpoint's failures: each text comes back with a vector or an error.
 */
export class EmbeddingsClient {
  private readonly batchSize: number;

  constructor(
    private readonly client: OpenAI,
    private readonly settings: EmbeddingsSettings,
  ) {
    this.batchSize = Math.max(1, settings.batchSize ?? 64);
  }

  /** Which vectors these are: rows embedded under another name are embedded again. */
  get space(): string {
    const { model, dimensions } = this.settings;
    return dimensions ? `${model}:${dimensions}` : model;
  }

  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  async embed(texts: readonly string[], options: { budgetMs: number }): Promise<Embedded[]> {
    const deadline = Date.now() + options.budgetMs;
    const results: Embedded[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize)
      results.push(
        ...(await this.embedBatch(texts.slice(start, start + this.batchSize), deadline)),
      );
    return results;
  }

  private async embedBatch(batch: string[], deadline: number): Promise<Embedded[]> {
    let lastError = 'the time budget was spent before the first request';
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        const response = await this.client.embeddings.create(
          {
            model: this.settings.model,
            input: batch,
            ...(this.settings.dimensions ? { dimensions: this.settings.dimensions } : {}),
          },
          { timeout: Math.min(this.settings.timeoutMs, remaining), maxRetries: 0 },
        );
        return this.unpack(batch, response.data);
      } catch (error) {
        lastError = describe(error);
        if (!isRetriableModelError(error)) break;
      }
      const pause = BACKOFF_MS * 2 ** attempt * (0.5 + Math.random() / 2);
      if (Date.now() + pause >= deadline) break;
      await sleep(pause);
    }
    return batch.map(() => ({ error: lastError }));
  }

  private unpack(batch: string[], data: OpenAI.Embeddings.Embedding[]): Embedded[] {
    const byIndex = new Map(data.map((item) => [item.index, item.embedding]));
    return batch.map((_, index) => {
      const raw = byIndex.get(index);
      if (!raw) return { error: 'the endpoint returned no embedding for this text' };
      const vector = normalised(raw);
      if (!vector) return { error: 'the endpoint returned a zero or non-finite embedding' };
      return { vector };
    });
  }
}
