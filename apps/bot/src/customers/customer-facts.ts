import { z } from 'zod';

/** What the bot may say about a customer: the company's records, nothing inferred. */
export interface CustomerFacts {
  name: string | null;
  /** e.g. standard, vip. */
  tier: string;
  tags: readonly string[];
  /** The tenant's own attributes (plan, last order, open ticket...), as the desk edits them. */
  attributes: Readonly<Record<string, string | number | boolean>>;
  /** Conversations on record across every channel, this one included. */
  conversations: number;
}

/** The part of the gateway's `GET /v1/customers/{id}` the bot reads. */
export const customerProfileSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  tier: z.string(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  conversations: z.array(z.object({ id: z.string() })),
});

export function factsOf(profile: z.infer<typeof customerProfileSchema>): CustomerFacts {
  return {
    name: profile.displayName?.trim() || null,
    tier: profile.tier,
    tags: profile.tags,
    attributes: profile.attributes,
    conversations: profile.conversations.length,
  };
}

/**
 * `{{customer.name}}`, `{{customer.tier}}`, `{{customer.<attribute>}}`, each with an optional
 * fallback after a bar: `{{customer.name|there}}`.
 */
const PLACEHOLDER = /\{\{\s*customer\.([A-Za-z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g;

export interface Filled {
  text: string;
  /** Facts the text asks for that the records do not have, and that have no fallback. */
  missing: string[];
}

/**
 * Fills an article's or a persona's placeholders from the customer's records. A fact that
 * is not on record takes the placeholder's fallback; without one it is reported missing and
 * left as `unknown` says (the caller decides: the local provider never sends such a text).
 */
export function fillPlaceholders(
  text: string,
  facts: CustomerFacts | null,
  unknown: (key: string) => string = () => '',
): Filled {
  const missing: string[] = [];
  const filled = text.replace(PLACEHOLDER, (_match, key: string, fallback: string | undefined) => {
    const value = facts ? factValue(facts, key) : null;
    if (value !== null) return value;
    if (fallback !== undefined) return fallback.trim();
    missing.push(key);
    return unknown(key);
  });
  return { text: filled, missing };
}

export function hasPlaceholders(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

function factValue(facts: CustomerFacts, key: string): string | null {
  if (key === 'name') return facts.name;
  if (key === 'tier') return facts.tier;
  if (!Object.prototype.hasOwnProperty.call(facts.attributes, key)) return null;
  const value = facts.attributes[key];
  return value === undefined || value === '' ? null : String(value);
}
