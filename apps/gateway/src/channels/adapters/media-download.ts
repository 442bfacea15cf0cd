import type { AttachmentFetchLimits, FetchedAttachment } from './channel-adapter';

/**
 * One bounded GET of a provider's media: gives up past `maxBytes` without reading the rest
 * (the declared Content-Length first, then while streaming, since a length can be absent or
 * wrong) and past `timeoutMs` for the whole transfer, body included.
 */
export async function downloadMedia(
  url: string,
  headers: Record<string, string>,
  limits: AttachmentFetchLimits,
  provider: string,
): Promise<FetchedAttachment> {
  let response: Response;
  try {
    // Redirects are followed (Twilio answers with one to its CDN); fetch drops Authorization
    // when the redirect leaves the origin, so the credentials never reach the CDN.
    response = await fetch(url, { headers, signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (error) {
    return { ok: false, retryable: true, reason: `${provider} media: ${describe(error, limits)}` };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status >= 500 || status === 408 || status === 429)
      return { ok: false, retryable: true, reason: `${provider} media answered HTTP ${status}` };
    return {
      ok: false,
      retryable: false,
      rejection: 'UNAVAILABLE',
      reason: `${provider} media answered HTTP ${status}`,
    };
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge(provider, limits);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      total += next.value.byteLength;
      if (total > limits.maxBytes) {
        await reader!.cancel().catch(() => undefined);
        return tooLarge(provider, limits);
      }
      chunks.push(next.value);
    }
  } catch (error) {
    return { ok: false, retryable: true, reason: `${provider} media: ${describe(error, limits)}` };
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  return {
    ok: true,
    bytes: Buffer.concat(chunks, total),
    ...(contentType ? { contentType } : {}),
  };
}

function tooLarge(provider: string, limits: AttachmentFetchLimits): FetchedAttachment {
  return {
    ok: false,
    retryable: false,
    rejection: 'TOO_LARGE',
    reason: `${provider} media is larger than ${limits.maxBytes} bytes`,
  };
}

/** By shape, not instanceof: the timeout is a DOMException from another realm under Jest. */
function describe(error: unknown, limits: AttachmentFetchLimits): string {
  const name = typeof error === 'object' && error !== null ? Reflect.get(error, 'name') : '';
  if (name === 'TimeoutError') return `no complete answer in ${limits.timeoutMs} ms`;
  const message = typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : '';
  return typeof message === 'string' && message ? message : String(error);
}
