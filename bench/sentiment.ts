import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emotion } from '@tandem/contracts';
import { detectLanguage } from '@tandem/text';
import { analyzeMessage } from '../apps/bot/src/analysis/analyze-message';
import { anyNegativeWord, mainScorerSaysNegative } from './sentiment-baseline';

/**
 * Sentiment quality of the bot's analyzer on hand-written customer-service messages
 * (bench/data/sentiment): macro-F1 of "negative vs not" per language and overall, next to
 * main's scorer and a naive any-negative-word rule, plus emotions, requests for a person
 * and speed.
 *   npm run build && node dist/bench/sentiment.js [--set dev|heldout] [--file other.jsonl] [--errors]
 */
interface Row {
  lang: 'zh' | 'en';
  text: string;
  negative: boolean;
  emotions: Emotion[];
  humanRequested: boolean;
}

type Judge = (text: string) => boolean;

const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const set = option('--set') ?? 'dev';
/** Any other file of the same shape, e.g. a labelled export of real conversations. */
const file = option('--file') ?? join('bench/data/sentiment', `${set}.jsonl`);
const rows: Row[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as Partial<Row> & Pick<Row, 'lang' | 'text' | 'negative'>)
  .map((row) => ({ emotions: [], humanRequested: false, ...row }));

const judges: [string, Judge][] = [
  ['analyzer', (text) => analyzeMessage(text).sentiment.polarity === 'negative'],
  ['main scorer', (text) => mainScorerSaysNegative(text, detectLanguage(text))],
  ['any negative word', (text) => anyNegativeWord(text, detectLanguage(text))],
];

interface Scores {
  macroF1: number;
  precision: number;
  recall: number;
  accuracy: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function score(subset: Row[], judge: Judge): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const row of subset) {
    const said = judge(row.text);
    if (said && row.negative) tp++;
    else if (said) fp++;
    else if (row.negative) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const precisionNot = tn + fn === 0 ? 0 : tn / (tn + fn);
  const recallNot = tn + fp === 0 ? 0 : tn / (tn + fp);
  return {
    macroF1: (f1(precision, recall) + f1(precisionNot, recallNot)) / 2,
    precision,
    recall,
    accuracy: (tp + tn) / subset.length,
  };
}

const pct = (value: number) => (100 * value).toFixed(1).padStart(5);
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const groups: [string, Row[]][] = [
  ['zh', rows.filter((row) => row.lang === 'zh')],
  ['en', rows.filter((row) => row.lang === 'en')],
  ['all', rows],
];

console.log(
  `${file}: ${rows.length} messages (${groups[0]![1].length} zh, ${groups[1]![1].length} en), ` +
    `${rows.filter((row) => row.negative).length} negative`,
);
console.log('\nnegative vs not          lang  macro-F1  P(neg)  R(neg)  accuracy');
for (const [name, judge] of judges) {
  for (const [lang, subset] of groups) {
    const s = score(subset, judge);
    console.log(
      `${name.padEnd(24)} ${lang.padEnd(4)}  ${pct(s.macroF1)}    ${pct(s.precision)}   ${pct(s.recall)}   ${pct(s.accuracy)}`,
    );
  }
}

// Emotions: the strongest detected emotion against the label, on the rows that have one;
// and per emotion, precision and recall of "reported at all".
const analyses = rows.map((row) => ({ row, analysis: analyzeMessage(row.text) }));
const labelled = analyses.filter(({ row }) => row.emotions.length > 0);
const primaryRight = labelled.filter(({ row, analysis }) =>
  row.emotions.includes(analysis.emotions[0]?.emotion as Emotion),
).length;
console.log(
  `\nemotions: strongest detected = label on ${primaryRight}/${labelled.length} labelled rows (${pct(ratio(primaryRight, labelled.length))} %)`,
);
for (const emotion of ['anger', 'anxiety', 'frustration'] as const) {
  const said = analyses.filter(({ analysis }) =>
    analysis.emotions.some((e) => e.emotion === emotion),
  );
  const truth = analyses.filter(({ row }) => row.emotions.includes(emotion));
  const hit = said.filter(({ row }) => row.emotions.includes(emotion)).length;
  console.log(
    `  ${emotion.padEnd(12)} P ${pct(ratio(hit, said.length))}  R ${pct(ratio(hit, truth.length))}  (${truth.length} labelled)`,
  );
}
const falseEmotion = analyses.filter(
  ({ row, analysis }) => !row.negative && analysis.emotions.length > 0,
).length;
console.log(`  not-negative rows given an emotion: ${falseEmotion}`);

const askedRows = analyses.filter(({ row }) => row.humanRequested);
const saidAsk = analyses.filter(({ analysis }) => analysis.humanRequested);
const rightAsk = saidAsk.filter(({ row }) => row.humanRequested).length;
console.log(
  `\nrequests for a person: P ${pct(ratio(rightAsk, saidAsk.length))}  R ${pct(ratio(rightAsk, askedRows.length))}  (${askedRows.length} labelled)`,
);

if (process.argv.includes('--errors')) {
  console.log('\nerrors (analyzer):');
  for (const { row, analysis } of analyses) {
    const said = analysis.sentiment.polarity === 'negative';
    if (said !== row.negative)
      console.log(
        `  ${row.negative ? 'missed' : 'false '} ${analysis.sentiment.score} ${row.text}`,
      );
  }
}

const texts = rows.map((row) => row.text);
for (let i = 0; i < 3; i++) texts.forEach((text) => analyzeMessage(text));
const rounds = 20;
const started = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) texts.forEach((text) => analyzeMessage(text));
const msPerMessage = Number(process.hrtime.bigint() - started) / 1e6 / (rounds * texts.length);
console.log(
  `\nspeed: ${msPerMessage.toFixed(3)} ms per message (analyzeMessage, ${rounds} rounds)`,
);
