import type { TranscriptEntry } from '@tandem/contracts';

/** An extractive summary for the agent: what the customer first asked and said last. */
export function summarize(
  transcript: readonly TranscriptEntry[],
  reasons: readonly { detail: string }[],
): string {
  const customer = transcript.filter(
    (entry) => entry.role === 'customer' && entry.text.trim().length > 0,
  );
  const first = customer[0]?.text.trim();
  const last = customer[customer.length - 1]?.text.trim();
  const parts: string[] = [];
  if (first) parts.push(`Asked: ${clip(first)}`);
  if (last && last !== first) parts.push(`Last said: ${clip(last)}`);
  parts.push(`Escalated because ${reasons.map((reason) => reason.detail).join('; ')}.`);
  return parts.join(' | ');
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
