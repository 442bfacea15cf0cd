import OpenAI from 'openai';

/**
 * Whether a failed call to an OpenAI-compatible endpoint is worth another try within the
 * caller's budget: no answer at all (network, timeout), 408, 409, rate limiting (429) or the
 * server's own failure (5xx). A 400, 401, 403 or 404 will fail the same way again.
 */
export function isRetriableModelError(error: unknown): boolean {
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    return (
      status === undefined || status === 408 || status === 409 || status === 429 || status >= 500
    );
  }
  return true;
}
