import { z } from 'zod';

const member = z.string().trim().min(1).max(64);

/** A tenant's synonyms: groups of words or phrases that mean the same; the first one names the group. */
export const synonymGroupsSchema = z
  .object({ groups: z.array(z.array(member).min(2).max(50)).max(2000) })
  .superRefine(({ groups }, context) => {
    const seen = new Map<string, number>();
    groups.forEach((group, index) =>
      group.forEach((word, position) => {
        const key = word.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined && first !== index)
          context.addIssue({
            code: 'custom',
            path: ['groups', index, position],
            message: `"${word}" is already in group ${first}; a word may belong to one group only.`,
          });
        seen.set(key, index);
      }),
    );
  });
export type SynonymGroups = z.infer<typeof synonymGroupsSchema>;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Scripts written without spaces match inside words; others only as whole words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * Canonicalises text under a tenant's synonym groups: every occurrence of a group's word
 * or phrase (case-insensitive, whole words for spaced scripts) becomes the group's first
 * entry, longest phrases first. Applied to the articles the ranker learns and to each
 * query, "money back" and "refund" then look the same to it.
 */
export class Synonyms {
  static readonly none = new Synonyms([]);

  private readonly canonical = new Map<string, string>();
  private readonly pattern: RegExp | null;

  constructor(readonly groups: readonly (readonly string[])[]) {
    const alternatives: string[] = [];
    for (const group of groups) {
      const name = group[0]!.trim();
      for (const word of group) {
        const key = keyOf(word);
        if (key.length === 0 || this.canonical.has(key)) continue;
        this.canonical.set(key, name);
        alternatives.push(key);
      }
    }
    alternatives.sort((a, b) => b.length - a.length);
    this.pattern =
      alternatives.length === 0 ? null : new RegExp(alternatives.map(alternative).join('|'), 'giu');
  }

  get size(): number {
    return this.groups.length;
  }

  canonicalize(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, (found: string) => this.canonical.get(keyOf(found)) ?? found);
  }

  /** Every word of every group the text mentions: what a lexical query should also look for. */
  expansions(text: string): string[] {
    if (!this.pattern) return [];
    const names = new Set<string>();
    for (const found of text.matchAll(this.pattern)) {
      const name = this.canonical.get(keyOf(found[0]));
      if (name !== undefined) names.add(keyOf(name));
    }
    return this.groups
      .filter((group) => names.has(keyOf(group[0]!)))
      .flatMap((group) => group.map((word) => word.trim()));
  }
}

function keyOf(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, ' ');
}

function alternative(word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const first = word[0]!;
  const last = word[word.length - 1]!;
  const before = LETTER_OR_DIGIT.test(first) && !UNSPACED.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = LETTER_OR_DIGIT.test(last) && !UNSPACED.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return `${before}${escaped}${after}`;
}
