import { readFileSync } from 'node:fs';
import type { RankerArticle } from '../apps/knowledge/src/search/ranker/ranker';
import { seededRandom, shuffle } from '../apps/knowledge/src/search/ranker/sparse';

/**
 * banking77 (Casanueva et al., 2020, "Efficient Intent Detection with Dual Sentence
 * Encoders", PolyAI-LDN/task-specific-datasets, CC BY 4.0) as a knowledge base: one
 * article per intent, its questions as the article's sample questions.
 */
export interface Labelled {
  text: string;
  label: string;
}

/** The CSV of the data set: a header, then `text,category` with RFC 4180 quoting. */
export function load(path: string): Labelled[] {
  const fields: string[][] = [[]];
  const source = readFileSync(path, 'utf8');
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') field += source[i++];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields[fields.length - 1]!.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      fields[fields.length - 1]!.push(field);
      field = '';
      fields.push([]);
    } else field += char;
  }
  fields[fields.length - 1]!.push(field);
  return fields
    .slice(1)
    .filter((row) => row.length === 2 && row[1] !== '')
    .map(([text, label]) => ({ text: text!.trim(), label: label! }));
}

/** Each label's examples shuffled with the seed and dealt round-robin to the folds. */
export function stratifiedFolds(rows: readonly Labelled[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(rows.length).fill(0);
  const byLabel = new Map<string, number[]>();
  rows.forEach((row, index) => byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), index]));
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    shuffle(byLabel.get(label)!, random).forEach((index, position) => {
      fold[index] = (position + offset) % folds;
    });
    offset += byLabel.get(label)!.length;
  }
  return fold;
}

export function articlesOf(rows: readonly Labelled[]): RankerArticle[] {
  const byLabel = new Map<string, string[]>();
  for (const row of rows) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row.text]);
  // The title is the intent's name in words ("card_arrival" → "card arrival").
  return [...byLabel.keys()]
    .sort()
    .map((id) => ({ id, title: id.replace(/_/g, ' '), questions: byLabel.get(id)! }));
}
