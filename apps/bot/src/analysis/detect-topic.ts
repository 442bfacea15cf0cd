import { terms } from '@tandem/text';

/** A topic a tenant configured: its name and the words that signal it, in any language. */
export interface TopicRule {
  name: string;
  keywords: readonly string[];
}

/**
 * The configured topic a message is about: the one with the most keyword hits (Chinese
 * keywords as substrings, others as whole stemmed words); ties go to the topic listed
 * first; null when no keyword occurs.
 */
export function detectTopic(text: string, topics: readonly TopicRule[]): string | null {
  const lower = text.normalize('NFKC').toLowerCase();
  const messageTerms = new Set(terms(lower));
  let best: { name: string; hits: number } | null = null;
  for (const topic of topics) {
    let hits = 0;
    for (const keyword of topic.keywords) {
      const key = keyword.normalize('NFKC').toLowerCase().trim();
      if (!key) continue;
      const found = /\p{Script=Han}/u.test(key)
        ? lower.includes(key)
        : terms(key).length > 0 && terms(key).every((term) => messageTerms.has(term));
      if (found) hits += 1;
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { name: topic.name, hits };
  }
  return best?.name ?? null;
}
