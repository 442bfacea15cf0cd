import { signBody, SIGNATURE_HEADER, type OutboundMessage } from '@tandem/contracts';

export type AttemptResult = { ok: true } | { ok: false; retryable: boolean; reason: string };

/** One signed POST of a reply to a channel's callback URL. */
export async function postToChannel(
  url: string,
  secret: string,
  message: OutboundMessage,
  timeoutMs: number,
  now: Date = new Date(),
): Promise<AttemptResult> {
  const body = JSON.stringify(message);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(secret, body, Math.floor(now.getTime() / 1000)),
        // Lets the channel drop a copy if a crash made us deliver twice.
        'idempotency-key': message.replyId,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, retryable, reason: `callback answered ${response.status}` };
  } catch (error) {
    const reason =
      (error as { name?: unknown }).name === 'TimeoutError'
        ? `callback did not answer in ${timeoutMs} ms`
        : `callback unreachable: ${(error as Error).message}`;
    return { ok: false, retryable: true, reason };
  }
}
