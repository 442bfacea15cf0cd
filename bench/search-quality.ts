import { join } from 'node:path';
import { terms } from '@tandem/text';
import { scoreMatch } from '../apps/knowledge/src/search/score-match';
import {
  DEFAULT_RANKER,
  Ranker,
  type RankerArticle,
  type RankerOptions,
} from '../apps/knowledge/src/search/ranker/ranker';
import { articlesOf, load, stratifiedFolds, type Labelled } from './banking77';
import { percentile, textArgs } from './stats';

/**
 * Search quality on banking77 (Casanueva et al., 2020, "Efficient Intent Detection with Dual
 * Sentence Encoders", PolyAI-LDN/task-specific-datasets, CC BY 4.0): one article per intent,
 * the training fold's questions as its sample questions, the held-out fold's questions as
 * queries. Stratified k-fold cross-validation with a fixed seed; every method sees the same
 * folds. Hyperparameters the ranker tunes (temperature, and with --tune the SVM's C and the
 * neighbour weight) are chosen on an inner split of each outer training fold, never on its
 * test fold.
 *
 *   npm run build && node dist/bench/search-quality.js [--folds 5] [--seed 1] [--tune 1]
 *     [--only ranker] [--svmC 1] [--logisticWeight 0.1] ... (any numeric RankerOptions field)
 */
const args = textArgs();
const FOLDS = Number(args.get('folds') ?? 5);
const SEED = Number(args.get('seed') ?? 1);
const TUNE = args.get('tune') === '1';
const ONLY = args.get('only');
const DATA = args.get('data') ?? join(__dirname, '../../../shared/data/banking77/train.csv');
const overrides: Partial<RankerOptions> = {};
for (const key of Object.keys(DEFAULT_RANKER) as (keyof RankerOptions)[])
  if (args.has(key)) overrides[key] = Number(args.get(key));

/** A ranking method: trained on the training fold's articles, it ranks article ids for a query. */
interface Method {
  name: string;
  train(articles: RankerArticle[], trainRows: Labelled[]): (query: string) => Prediction;
}

interface Prediction {
  ranked: string[];
  confidence: number | null;
}

/** Okapi BM25 (k1 1.2, b 0.75) with one document per article: title and questions concatenated. */
const bm25: Method = {
  name: 'BM25 (1 doc/article)',
  train(articles) {
    const docs = articles.map((article) => {
      const counts = new Map<string, number>();
      let length = 0;
      for (const text of [article.title, ...article.questions])
        for (const term of terms(text)) {
          counts.set(term, (counts.get(term) ?? 0) + 1);
          length++;
        }
      return { id: article.id, counts, length };
    });
    const average = docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length;
    const df = new Map<string, number>();
    for (const doc of docs)
      for (const term of doc.counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const idf = (term: string) => {
      const n = df.get(term) ?? 0;
      return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
    };
    return (query) => {
      const queryTerms = terms(query);
      const scored = docs.map((doc) => {
        let score = 0;
        for (const term of queryTerms) {
          const tf = doc.counts.get(term) ?? 0;
          if (tf > 0)
            score += (idf(term) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * doc.length) / average));
        }
        return { id: doc.id, score };
      });
      scored.sort((a, b) => b.score - a.score);
      return { ranked: scored.map(({ id }) => id), confidence: null };
    };
  },
};

/** The service's current scoring: best Dice overlap with the title or any sample question. */
const dice: Method = {
  name: 'scoreMatch (Dice, max)',
  train(articles) {
    const indexed = articles.map((article) => ({
      id: article.id,
      texts: [article.title, ...article.questions].map((text) => ({ text, terms: terms(text) })),
    }));
    return (query) => {
      const queryTerms = terms(query);
      const scored = indexed.map(({ id, texts }) => ({
        id,
        score: scoreMatch(queryTerms, texts).score,
      }));
      scored.sort((a, b) => b.score - a.score);
      return { ranked: scored.map(({ id }) => id), confidence: scored[0]?.score ?? 0 };
    };
  },
};

/**
 * The factor on the model's temperature with the least negative log-likelihood of the right
 * article: p^(1/m) renormalised is the softmax of the scores over (temperature · m).
 */
function bestTemperatureFactor(logits: { probabilities: number[]; right: number }[]): number {
  let best = { factor: 1, loss: Infinity };
  for (let step = -20; step <= 20; step++) {
    const factor = Math.pow(2, step / 10);
    let loss = 0;
    for (const { probabilities, right } of logits) {
      const powered = probabilities.map((p) => Math.pow(Math.max(p, 1e-300), 1 / factor));
      const sum = powered.reduce((a, b) => a + b, 0);
      loss -= Math.log(Math.max(powered[right]! / sum, 1e-300));
    }
    if (loss < best.loss) best = { factor, loss };
  }
  return best.factor;
}

/** Inner split of the training rows: every fifth question of each label (in seeded order). */
function innerSplit(rows: Labelled[]): { fit: Labelled[]; check: Labelled[] } {
  const fold = stratifiedFolds(rows, 5, SEED + 1000);
  return { fit: rows.filter((_, i) => fold[i] !== 0), check: rows.filter((_, i) => fold[i] === 0) };
}

function rankerMethod(options: Partial<RankerOptions>): Method {
  return {
    name: 'ranker (TF-IDF + SVM)',
    train(articles, trainRows) {
      // Tune on an inner split of the training fold only: temperature (and C, neighbours).
      const { fit, check } = innerSplit(trainRows);
      const inner = articlesOf(fit);
      const grid: Partial<RankerOptions>[] = TUNE
        ? [0.25, 0.5, 1].flatMap((svmC) =>
            [0, 0.3].map((neighbourWeight) => ({ svmC, neighbourWeight })),
          )
        : [{}];
      const base = options.temperature ?? DEFAULT_RANKER.temperature;
      let chosen = { settings: grid[0]!, correct: -1, temperature: base };
      for (const candidate of grid) {
        const settings = { ...options, ...candidate, temperature: base };
        const model = Ranker.train(inner, settings);
        const ids = inner.map(({ id }) => id);
        let correct = 0;
        const logits = check.map((row) => {
          const ranked = model.predict(row.text, ids.length);
          if (ranked[0]?.articleId === row.label) correct++;
          const byId = new Map(ranked.map((hit) => [hit.articleId, hit.probability]));
          return {
            probabilities: ids.map((id) => byId.get(id) ?? 0),
            right: ids.indexOf(row.label),
          };
        });
        if (correct > chosen.correct)
          chosen = {
            settings: candidate,
            correct,
            temperature: Number((base * bestTemperatureFactor(logits)).toPrecision(3)),
          };
      }
      tuned.push({ ...chosen.settings, temperature: chosen.temperature });
      const started = performance.now();
      const model = Ranker.train(articles, {
        ...options,
        ...chosen.settings,
        temperature: chosen.temperature,
      });
      finalTrainMs.push(performance.now() - started);
      return (query) => {
        const ranked = model.predict(query, 3);
        return {
          ranked: ranked.map(({ articleId }) => articleId),
          confidence: ranked[0]?.probability ?? 0,
        };
      };
    },
  };
}
const tuned: Partial<RankerOptions>[] = [];
/** The final model's training alone, without the tuning on the inner split. */
const finalTrainMs: number[] = [];

interface FoldResult {
  top1: number;
  top3: number;
  trainMs: number;
  latencies: number[];
  answers: { confidence: number; right: boolean }[];
}

function evaluate(method: Method, rows: Labelled[], fold: number[]): FoldResult[] {
  const results: FoldResult[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const trainRows = rows.filter((_, i) => fold[i] !== k);
    const testRows = rows.filter((_, i) => fold[i] === k);
    const started = performance.now();
    const predict = method.train(articlesOf(trainRows), trainRows);
    const trainMs = performance.now() - started;
    let top1 = 0;
    let top3 = 0;
    const latencies: number[] = [];
    const answers: FoldResult['answers'] = [];
    for (const row of testRows) {
      const begin = performance.now();
      const { ranked, confidence } = predict(row.text);
      latencies.push(performance.now() - begin);
      if (ranked[0] === row.label) top1++;
      if (ranked.slice(0, 3).includes(row.label)) top3++;
      if (confidence !== null) answers.push({ confidence, right: ranked[0] === row.label });
    }
    results.push({
      top1: top1 / testRows.length,
      top3: top3 / testRows.length,
      trainMs,
      latencies,
      answers,
    });
    process.stderr.write(
      `${method.name}: fold ${k + 1}/${FOLDS} top-1 ${(top1 / testRows.length).toFixed(4)}\n`,
    );
  }
  return results;
}

const meanSd = (values: number[], digits = 1, factor = 100) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(
    values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1),
  );
  return `${(mean * factor).toFixed(digits)} ± ${(sd * factor).toFixed(digits)}`;
};

/** Expected calibration error over 10 equal-width confidence bins. */
function ece(answers: FoldResult['answers']): number {
  let total = 0;
  for (let bin = 0; bin < 10; bin++) {
    const inBin = answers.filter(
      ({ confidence }) => confidence >= bin / 10 && (confidence < (bin + 1) / 10 || bin === 9),
    );
    if (inBin.length === 0) continue;
    const accuracy = inBin.filter(({ right }) => right).length / inBin.length;
    const confidence = inBin.reduce((sum, { confidence }) => sum + confidence, 0) / inBin.length;
    total += (inBin.length / answers.length) * Math.abs(accuracy - confidence);
  }
  return total;
}

const rows = load(DATA);
const fold = stratifiedFolds(rows, FOLDS, SEED);
const methods = [bm25, dice, rankerMethod(overrides)].filter(
  (method) => !ONLY || method.name.toLowerCase().startsWith(ONLY),
);
const results = new Map(methods.map((method) => [method.name, evaluate(method, rows, fold)]));

const names = [...results.keys()];
const line = (label: string, cells: string[]) =>
  `| ${label.padEnd(26)} | ${cells.map((cell) => cell.padStart(22)).join(' | ')} |`;
const cell = (pick: (folds: FoldResult[]) => string) =>
  names.map((name) => pick(results.get(name)!));
const answersOf = (folds: FoldResult[]) => folds.flatMap(({ answers }) => answers);
const output = [
  `### banking77, ${rows.length} questions, ${FOLDS}-fold stratified CV (seed ${SEED})`,
  line('', names),
  `|${'-'.repeat(28)}|${names.map(() => '-'.repeat(24)).join('|')}|`,
  line(
    'top-1 accuracy %',
    cell((f) => meanSd(f.map(({ top1 }) => top1))),
  ),
  line(
    'top-3 accuracy %',
    cell((f) => meanSd(f.map(({ top3 }) => top3))),
  ),
  line(
    'training s (per fold)',
    cell((f) =>
      meanSd(
        f.map(({ trainMs }) => trainMs),
        2,
        0.001,
      ),
    ),
  ),
  line(
    '… final model only',
    names.map((name) => (name.startsWith('ranker') ? meanSd(finalTrainMs, 2, 0.001) : '-')),
  ),
  line(
    'predict p50 / p99 ms',
    cell((f) => {
      const sorted = f.flatMap(({ latencies }) => latencies).sort((a, b) => a - b);
      return `${percentile(sorted, 50).toFixed(2)} / ${percentile(sorted, 99).toFixed(2)}`;
    }),
  ),
  line(
    'ECE (10 bins)',
    cell((f) => (answersOf(f).length ? ece(answersOf(f)).toFixed(3) : '-')),
  ),
  ...[0.5, 0.7, 0.9].map((threshold) =>
    line(
      `conf ≥ ${threshold}: acc % / cover %`,
      cell((f) => {
        const answers = answersOf(f);
        if (answers.length === 0) return '-';
        const kept = answers.filter(({ confidence }) => confidence >= threshold);
        const accuracy = kept.filter(({ right }) => right).length / Math.max(1, kept.length);
        return `${(accuracy * 100).toFixed(1)} / ${((kept.length / answers.length) * 100).toFixed(1)}`;
      }),
    ),
  ),
  '',
  `ranker options: ${JSON.stringify({ ...DEFAULT_RANKER, ...overrides })}`,
  `tuned per fold (inner split of the training fold): ${JSON.stringify(tuned)}`,
  'BM25 and scoreMatch have no probability: their "confidence" rows are the Dice score (scoreMatch) or blank.',
];
console.log(output.join('\n'));
